/**
 * The inputs of docs/capacity.md, measured: what each step of a pack's life costs the Fabric
 * network in CPU (per kind of process) and in disk (blocks, world state, history), on a fresh
 * channel of the project's four-organisation network. CPU is read from each process's own
 * counters (/proc), so it does not depend on how busy the machine is; disk is the growth of
 * each peer's and orderer's ledger folders. Run with `npm run bench:capacity` (it builds, and
 * starts the network); `BENCH_QUICK=1` shortens it (not for the record).
 */
import { execFileSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MAX_SERIALS_PER_CALL } from '@packtrace/chaincode/client';
import { expiryOfDate, gs1CheckDigit } from '@packtrace/gs1';
import { organisations, SMART_BFT_OPTIONS, status, type NodeStatus } from '@packtrace/network';
import { glnOf, Platform } from './bench-platform';

const GTIN = '09506000134352';
const EXPIRY = expiryOfDate(new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000));
const QUICK = process.env['BENCH_QUICK'] === '1';

/** The settings of one run: fixed, printed with the figures. */
const SETTINGS = {
  commissionSerials: QUICK ? 4_000 : 20_000,
  casesOf100: QUICK ? 4 : 10,
  looseShipmentsOf100: QUICK ? 4 : 10,
  verifications: QUICK ? 300 : 1_000,
  scans: QUICK ? 60 : 200,
  dispenses: QUICK ? 60 : 200,
  inFlight: 8,
  callSize:
    process.env['CAPACITY_CALL_SIZE'] === undefined
      ? undefined
      : Number(process.env['CAPACITY_CALL_SIZE']),
  idleSeconds: QUICK ? 5 : 20,
};

/** Seconds left after each phase for LevelDB and the block writer to flush. */
const SETTLE_SECONDS = 3;

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

type ProcessClass = 'peer' | 'orderer' | 'chaincode' | 'ca' | 'gateway and client';
const CLASSES: readonly ProcessClass[] = [
  'peer',
  'orderer',
  'chaincode',
  'ca',
  'gateway and client',
];

type DiskPart = 'blocks' | 'state' | 'history' | 'orderer';
const PARTS: readonly DiskPart[] = ['blocks', 'state', 'history', 'orderer'];
/**
 * The parts shown per phase. World state is left out there: LevelDB compacts in the background,
 * so its size over a few seconds can even shrink; it is reported over the whole run instead.
 */
const PHASE_PARTS: readonly DiskPart[] = ['blocks', 'history', 'orderer'];

interface Sample {
  readonly cpuSeconds: Record<ProcessClass, number>;
  /** Bytes on disk, summed over the peers (or orderers). */
  readonly bytes: Record<DiskPart, number>;
}

interface PhaseFigures {
  readonly phase: string;
  readonly operations: number;
  readonly transactions: number;
  readonly unit: string;
  readonly seconds: number;
  /** CPU milliseconds per operation, summed over the four processes of each kind. */
  readonly cpuMsPerOperation: Record<ProcessClass, number>;
  /** Bytes per operation on ONE peer (blocks, state, history) or ONE orderer. */
  readonly bytesPerOperation: Record<DiskPart, number>;
}

async function cpuSecondsOf(pid: number): Promise<number> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at "state": utime is the
  // 12th of them and stime the 13th.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

async function bytesUnder(path: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true }).catch(() => [])) {
    const child = join(path, entry.name);
    total += entry.isDirectory() ? await bytesUnder(child) : (await stat(child)).size;
  }
  return total;
}

async function sample(nodes: readonly NodeStatus[]): Promise<Sample> {
  const cpuSeconds = Object.fromEntries(CLASSES.map((c) => [c, 0])) as Record<ProcessClass, number>;
  const bytes = Object.fromEntries(PARTS.map((p) => [p, 0])) as Record<DiskPart, number>;
  for (const node of nodes) {
    if (node.pid !== undefined) {
      cpuSeconds[node.kind] += await cpuSecondsOf(node.pid);
    }
    if (node.dataDir !== undefined && node.kind === 'peer') {
      const ledgers = join(node.dataDir, 'ledgersData');
      bytes.blocks += await bytesUnder(join(ledgers, 'chains'));
      bytes.state += await bytesUnder(join(ledgers, 'stateLeveldb'));
      bytes.history += await bytesUnder(join(ledgers, 'historyLeveldb'));
    }
    if (node.dataDir !== undefined && node.kind === 'orderer') {
      bytes.orderer += await bytesUnder(node.dataDir);
    }
  }
  const own = process.cpuUsage();
  cpuSeconds['gateway and client'] = (own.user + own.system) / 1e6;
  return { cpuSeconds, bytes };
}

/** Runs `count` operations, `inFlight` at a time. */
async function pool(count: number, operation: (index: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SETTINGS.inFlight, count) }, async () => {
      while (next < count) {
        const index = next;
        next += 1;
        await operation(index);
      }
    }),
  );
}

async function main(): Promise<void> {
  const log = (line: string) =>
    process.stderr.write(`[capacity ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  log('opening a gateway on a fresh channel of the Fabric network');
  const platform = await Platform.open('fabric');
  const nodes = (await status()).filter((node) => node.pid !== undefined);
  const expectedPeers = organisations().length;
  if (nodes.filter((node) => node.kind === 'peer').length !== expectedPeers) {
    throw new Error(`the ${expectedPeers} peers are not all running: start the network first`);
  }
  const peers = nodes.filter((node) => node.kind === 'peer').length;
  const orderers = nodes.filter((node) => node.kind === 'orderer').length;
  const phases: PhaseFigures[] = [];

  // What the network burns doing nothing (gossip, BFT heartbeats, the gateway's block streams),
  // per second: taken off each phase, so a slow phase on a busy machine is not charged for it.
  log(`idle: ${SETTINGS.idleSeconds} s with no requests`);
  const idleBefore = await sample(nodes);
  await new Promise((resolve) => setTimeout(resolve, SETTINGS.idleSeconds * 1000));
  const idleAfter = await sample(nodes);
  const idlePerSecond = Object.fromEntries(
    CLASSES.map((c) => [
      c,
      (idleAfter.cpuSeconds[c] - idleBefore.cpuSeconds[c]) / SETTINGS.idleSeconds,
    ]),
  ) as Record<ProcessClass, number>;

  /** Measures one phase: `run` does `operations` operations in `transactions` transactions. */
  async function phase(
    name: string,
    unit: string,
    operations: number,
    transactions: number,
    run: () => Promise<void>,
  ): Promise<void> {
    log(`${name}: ${operations} ${unit} in ${transactions} transactions`);
    const before = await sample(nodes);
    const started = performance.now();
    await run();
    const seconds = (performance.now() - started) / 1000;
    // LevelDB and the block writer flush asynchronously: let them settle before measuring.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_SECONDS * 1000));
    const after = await sample(nodes);
    const elapsed = seconds + SETTLE_SECONDS;
    const cpuMsPerOperation = Object.fromEntries(
      CLASSES.map((c) => [
        c,
        ((after.cpuSeconds[c] - before.cpuSeconds[c] - idlePerSecond[c] * elapsed) * 1000) /
          operations,
      ]),
    ) as Record<ProcessClass, number>;
    const bytesPerOperation = Object.fromEntries(
      PARTS.map((p) => [
        p,
        (after.bytes[p] - before.bytes[p]) / (p === 'orderer' ? orderers : peers) / operations,
      ]),
    ) as Record<DiskPart, number>;
    phases.push({
      phase: name,
      operations,
      transactions,
      unit,
      seconds,
      cpuMsPerOperation,
      bytesPerOperation,
    });
  }

  try {
    await platform.call('manufacturer', 'POST', '/products', {
      gtin: GTIN,
      name: 'Capacity tablets',
      form: 'tablet',
      strength: '1 mg',
      packSize: 10,
    });
    const serials = Array.from(
      { length: SETTINGS.commissionSerials },
      (_, i) => `C${String(i).padStart(7, '0')}`,
    );
    const pack = (i: number) => ({ type: 'pack', gtin: GTIN, serial: serials[i] ?? '' });
    // By default one request, which the gateway splits into transactions as it does for any
    // client; SETTINGS.callSize sends the serials in requests of that many instead.
    const perCall = SETTINGS.callSize ?? MAX_SERIALS_PER_CALL;
    await phase(
      SETTINGS.callSize === undefined ? 'commission (one request)' : 'commission',
      'packs',
      serials.length,
      Math.ceil(serials.length / Math.min(perCall, MAX_SERIALS_PER_CALL)),
      async () => {
        for (let from = 0; from < serials.length; from += perCall) {
          await platform.call('manufacturer', 'POST', '/batches', {
            gtin: GTIN,
            lot: 'CAPACITY',
            expiry: EXPIRY,
            serials: serials.slice(from, from + perCall),
          });
          await platform.gateway.jobs.idle();
        }
      },
    );

    // Cases of 100 packs: packs 0 .. 100·cases-1.
    const cases = Array.from(
      { length: SETTINGS.casesOf100 },
      (_, c) => `09506000${String(1_000_000_000 + c).slice(1)}`,
    ).map((body) => `${body}${gs1CheckDigit(body)}`);
    const caseRef = (c: number) => ({ type: 'container', sscc: cases[c] ?? '' });
    await phase('aggregate into cases of 100', 'packs', cases.length * 100, cases.length, () =>
      pool(cases.length, (c) =>
        platform.call('manufacturer', 'POST', '/containers', {
          sscc: cases[c],
          kind: 'case',
          children: Array.from({ length: 100 }, (_, i) => pack(c * 100 + i)),
        }),
      ),
    );
    const shipCases = async (from: string, to: string) => {
      const items = cases.map((_, c) => caseRef(c));
      const shipment = await platform.call<{ id: string }>(from, 'POST', '/shipments', {
        to: glnOf(to),
        items,
      });
      await platform.call(to, 'POST', `/shipments/${shipment.id}/receive`, { received: items });
    };
    await phase('ship and receive cases (one shipment)', 'packs', cases.length * 100, 2, () =>
      shipCases('manufacturer', 'distributor'),
    );
    await phase('ship and receive cases again', 'packs', cases.length * 100, 2, () =>
      shipCases('distributor', 'pharmacist'),
    );
    await phase('unpack cases', 'packs', cases.length * 100, cases.length, () =>
      pool(cases.length, (c) =>
        platform.call('pharmacist', 'POST', `/containers/${cases[c]}/unpack`),
      ),
    );

    // Loose packs after the cased ones, 100 per shipment.
    const looseStart = cases.length * 100;
    await phase(
      'ship and receive loose packs, 100 per shipment',
      'packs',
      SETTINGS.looseShipmentsOf100 * 100,
      SETTINGS.looseShipmentsOf100 * 2,
      () =>
        pool(SETTINGS.looseShipmentsOf100, async (s) => {
          const items = Array.from({ length: 100 }, (_, i) => pack(looseStart + s * 100 + i));
          const shipment = await platform.call<{ id: string }>(
            'manufacturer',
            'POST',
            '/shipments',
            { to: glnOf('distributor'), items },
          );
          await platform.call('distributor', 'POST', `/shipments/${shipment.id}/receive`, {
            received: items,
          });
        }),
    );

    const code = (i: number) =>
      `(01)${GTIN}(17)${EXPIRY}(10)CAPACITY(21)${serials[i % (cases.length * 100)] ?? ''}`;
    await phase('verify (read only)', 'verifications', SETTINGS.verifications, 0, () =>
      pool(SETTINGS.verifications, (i) =>
        platform.call('pharmacist', 'POST', '/verify', { code: code(i) }),
      ),
    );
    await phase('recorded scan', 'scans', SETTINGS.scans, SETTINGS.scans, () =>
      pool(SETTINGS.scans, (i) => platform.call('pharmacist', 'POST', '/scans', { code: code(i) })),
    );
    await phase('dispense', 'packs', SETTINGS.dispenses, SETTINGS.dispenses, () =>
      pool(SETTINGS.dispenses, (i) =>
        platform.call(
          'pharmacist',
          'POST',
          `/packs/${GTIN}/${serials[SETTINGS.scans + i] ?? ''}/dispense`,
        ),
      ),
    );
  } finally {
    await platform.close();
  }
  // LevelDB's size settles once it has compacted; sampled after the gateway has closed.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_SECONDS * 1000));
  const end = await sample(nodes);
  const packs = SETTINGS.commissionSerials;
  const stateBytesPerPack = (end.bytes.state - idleBefore.bytes.state) / peers / packs;

  const cpus = os.cpus();
  const machine = `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
  const orgs = organisations();
  const consenters = orgs.filter((org) => org.consenter).length;
  const fabric = `${orgs.length} organisations, a peer, a CA and a chaincode server each and ${consenters} of them an orderer, MAJORITY endorsement (${Math.floor(orgs.length / 2) + 1} of ${orgs.length} peers), SmartBFT (RequestBatchMaxCount ${SMART_BFT_OPTIONS.RequestBatchMaxCount}, RequestBatchMaxInterval ${SMART_BFT_OPTIONS.RequestBatchMaxInterval})`;
  const report = [
    `packtrace capacity inputs, ${new Date().toISOString()}${QUICK ? ' (QUICK settings: not for the record)' : ''}`,
    `machine: ${machine}; load average at the end ${os
      .loadavg()
      .map((n) => n.toFixed(1))
      .join(' ')}`,
    `Fabric network: ${fabric}`,
    `settings: ${JSON.stringify(SETTINGS)}`,
    `idle CPU, taken off every phase (ms per second, 4 processes of each kind): ${CLASSES.map((c) => `${c} ${(idlePerSecond[c] * 1000).toFixed(0)}`).join(', ')}`,
    'CPU: ms per operation, summed over the 4 processes of each kind; disk: bytes per operation on one peer (blocks, history) and one orderer',
    `world state on one peer grew ${Math.round(stateBytesPerPack)} bytes per commissioned pack over the whole run (LevelDB on disk, compressed)`,
    '',
    table(phases),
  ].join('\n');
  process.stdout.write(`${report}\n`);
  const out = join(process.cwd(), 'test-output', 'capacity-inputs.json');
  await writeFile(
    out,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        machine,
        fabric,
        settings: SETTINGS,
        idleCpuMsPerSecond: Object.fromEntries(CLASSES.map((c) => [c, idlePerSecond[c] * 1000])),
        stateBytesPerPack,
        phases,
      },
      null,
      2,
    ),
  );
  log(`figures written to ${out}`);
}

function table(phases: readonly PhaseFigures[]): string {
  const header = [
    'phase',
    'ops',
    'tx',
    's',
    ...CLASSES.map((c) => `${c} ms/op`),
    ...PHASE_PARTS.map((p) => `${p} B/op`),
  ];
  const rows = phases.map((p) => [
    `${p.phase} (per ${p.unit.replace(/s$/, '')})`,
    String(p.operations),
    String(p.transactions),
    p.seconds.toFixed(1),
    ...CLASSES.map((c) => p.cpuMsPerOperation[c].toFixed(2)),
    ...PHASE_PARTS.map((part) => Math.round(p.bytesPerOperation[part]).toLocaleString('en')),
  ]);
  return [header, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `capacity benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
