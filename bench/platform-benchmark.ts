/**
 * The platform's benchmark: the gateway over HTTP on loopback, on the embedded ledger and on
 * a fresh channel of the project's Fabric network, side by side in one run, with the ledger's
 * own ceiling (a minimal transaction through the same gateway's connections) and the scanner
 * page in Chromium. Prints every figure with the machine and the settings, and writes them as
 * JSON for docs/benchmarks.md. Run with `npm run bench` (it builds, and starts the network).
 *
 * Load is offered at a fixed rate where the EU goals state one (open loop: latency counts from
 * when a request was due, so a slow system cannot hide its queue), and as fast as a fixed
 * number of clients can go where the goal is a throughput (closed loop).
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium } from 'playwright-core';
import { expiryOfDate } from '@packtrace/gs1';
import { organisations, SMART_BFT_OPTIONS } from '@packtrace/network';
import { Tx } from '@packtrace/chaincode/client';
import { cameraFilming } from '../test/browser/support/fake-camera';
import { glnOf, PASSWORD, Platform, type LedgerKind } from './bench-platform';
import { closedLoop, openLoop, type Latency } from './load';

const GTIN = '09506000134352';
const EXPIRY = expiryOfDate(new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000));
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const QUICK = process.env['BENCH_QUICK'] === '1';

/** The settings of one run: fixed, printed with the figures. */
const SETTINGS = {
  verifyRate: 200,
  writeRate: 50,
  openLoopSeconds: QUICK ? 3 : 15,
  closedLoopSeconds: QUICK ? 3 : 15,
  readClients: 16,
  writeClients: 64,
  // The goal of issue 15: a million serials in under a minute (BENCH_COMMISSION_SERIALS to vary).
  commissionSerials: Number(process.env['BENCH_COMMISSION_SERIALS'] ?? (QUICK ? 6_000 : 1_000_000)),
  browserScans: QUICK ? 2 : 5,
};

/** The time from the frame a code was read in to the verdict on screen, per scan, in Chromium. */
async function scanToVerdict(platform: Platform, code: string, scans: number): Promise<number[]> {
  const samples: number[] = [];
  const video = await cameraFilming('gs1datamatrix', code);
  for (let scan = 0; scan < scans; scan += 1) {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${video}`,
      ],
    });
    try {
      const context = await browser.newContext({
        baseURL: platform.url,
        permissions: ['camera'],
        viewport: { width: 390, height: 844 },
      });
      const page = await context.newPage();
      await page.goto('/');
      await page.getByLabel('Username').fill('pharmacist');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#verdict').waitFor({ timeout: 60_000 });
      const measured = await page.evaluate(() =>
        performance.getEntriesByName('packtrace:scan-to-verdict').map((entry) => entry.duration),
      );
      samples.push(...measured);
    } finally {
      await browser.close();
    }
  }
  return samples;
}

interface LedgerFigures {
  readonly ledger: LedgerKind;
  readonly ceilingEvaluate: Latency;
  readonly ceilingSubmit: Latency;
  readonly verifyAtRate: Latency;
  readonly verifyMax: Latency;
  readonly scanAtRate: Latency;
  readonly dispenseAtRate: Latency;
  readonly scanMax: Latency;
  readonly commission: { readonly serials: number; readonly seconds: number };
  readonly scanToVerdictMs: readonly number[];
}

async function measure(kind: LedgerKind, log: (line: string) => void): Promise<LedgerFigures> {
  log(`${kind}: opening the gateway`);
  const platform = await Platform.open(kind);
  try {
    await platform.call('manufacturer', 'POST', '/products', {
      gtin: GTIN,
      name: 'Benchmark tablets',
      form: 'tablet',
      strength: '1 mg',
      packSize: 10,
    });
    const serials = Array.from({ length: 5000 }, (_, i) => `B${String(i).padStart(6, '0')}`);
    await platform.call('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'BENCH',
      expiry: EXPIRY,
      serials,
    });
    // The pharmacy holds 2,000 packs: scans verify them, dispenses take them one by one.
    const held = serials.slice(0, 2000).map((serial) => ({ type: 'pack', gtin: GTIN, serial }));
    for (let i = 0; i < held.length; i += 500) {
      const items = held.slice(i, i + 500);
      const shipment = await platform.call<{ id: string }>('manufacturer', 'POST', '/shipments', {
        to: glnOf('pharmacist'),
        items,
      });
      await platform.call('pharmacist', 'POST', `/shipments/${shipment.id}/receive`, {
        received: items,
      });
    }
    const code = (i: number) => `(01)${GTIN}(17)${EXPIRY}(10)BENCH(21)${serials[i % 2000] ?? ''}`;

    log(`${kind}: the ledger's ceiling (GetParty: one key read, no write)`);
    const session = await platform.session('pharmacist');
    const gln = glnOf('pharmacist');
    const ceilingEvaluate = await closedLoop(SETTINGS.readClients, SETTINGS.closedLoopSeconds, () =>
      session.evaluate(Tx.GetParty.name, [gln]).then(() => undefined),
    );
    const ceilingSubmit = await closedLoop(SETTINGS.writeClients, SETTINGS.closedLoopSeconds, () =>
      session.submit(Tx.GetParty.name, [gln]).then(() => undefined),
    );

    log(`${kind}: verification over HTTP`);
    const verify = (i: number) =>
      platform.call('pharmacist', 'POST', '/verify', { code: code(i) }).then(() => undefined);
    const verifyAtRate = await openLoop(SETTINGS.verifyRate, SETTINGS.openLoopSeconds, verify);
    const verifyMax = await closedLoop(SETTINGS.readClients, SETTINGS.closedLoopSeconds, verify);

    log(`${kind}: recorded scans and dispenses over HTTP`);
    const scan = (i: number) =>
      platform.call('pharmacist', 'POST', '/scans', { code: code(i + 1000) }).then(() => undefined);
    const scanAtRate = await openLoop(SETTINGS.writeRate, SETTINGS.openLoopSeconds, scan);
    const dispenseAtRate = await openLoop(
      SETTINGS.writeRate,
      Math.min(SETTINGS.openLoopSeconds, 1000 / SETTINGS.writeRate),
      (i) =>
        platform
          .call('pharmacist', 'POST', `/packs/${GTIN}/${serials[i] ?? ''}/dispense`)
          .then(() => undefined),
    );
    const scanMax = await closedLoop(SETTINGS.writeClients, SETTINGS.closedLoopSeconds, scan);

    log(
      `${kind}: commissioning ${SETTINGS.commissionSerials.toLocaleString('en')} serials as a job`,
    );
    const started = performance.now();
    const accepted = await platform.call<{ job: { id: string } }>(
      'manufacturer',
      'POST',
      '/batches',
      {
        gtin: GTIN,
        lot: 'BENCH-JOB',
        expiry: EXPIRY,
        count: SETTINGS.commissionSerials,
      },
    );
    await platform.gateway.jobs.idle();
    // A job that stopped is idle too: only a completed one is a figure.
    const job = await platform.call<{ status: string; committed: number; error: unknown }>(
      'manufacturer',
      'GET',
      `/jobs/${accepted.job.id}`,
    );
    if (job.status !== 'completed' || job.committed !== SETTINGS.commissionSerials) {
      throw new Error(`the commissioning job did not complete: ${JSON.stringify(job)}`);
    }
    const commission = {
      serials: SETTINGS.commissionSerials,
      seconds: (performance.now() - started) / 1000,
    };

    log(`${kind}: scan to verdict in Chromium`);
    const scanToVerdictMs = await scanToVerdict(platform, code(1999), SETTINGS.browserScans);
    return {
      ledger: kind,
      ceilingEvaluate,
      ceilingSubmit,
      verifyAtRate,
      verifyMax,
      scanAtRate,
      dispenseAtRate,
      scanMax,
      commission,
      scanToVerdictMs,
    };
  } finally {
    await platform.close();
  }
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const rate = (l: Latency) => `${Math.round(l.perSecond)}/s`;
const lat = (l: Latency) =>
  `p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, p99 ${ms(l.p99)}${
    l.errors > 0
      ? `, ${l.errors} failed (${Object.entries(l.failures)
          .map(([reason, n]) => `${n} ${reason}`)
          .join(', ')})`
      : ''
  }`;

function table(figures: readonly LedgerFigures[]): string {
  const rows: [string, (f: LedgerFigures) => string][] = [
    [
      'ceiling: evaluate GetParty, 16 clients',
      (f) => `${rate(f.ceilingEvaluate)} (${lat(f.ceilingEvaluate)})`,
    ],
    [
      'ceiling: submit GetParty, 64 clients',
      (f) => `${rate(f.ceilingSubmit)} (${lat(f.ceilingSubmit)})`,
    ],
    [
      `verify over HTTP at ${SETTINGS.verifyRate}/s`,
      (f) => `${lat(f.verifyAtRate)}; ${rate(f.verifyAtRate)}`,
    ],
    [
      'verify over HTTP, 16 clients (vs evaluate ceiling)',
      (f) =>
        `${rate(f.verifyMax)} (${(f.verifyMax.perSecond / f.ceilingEvaluate.perSecond).toFixed(2)} ×)`,
    ],
    [
      `recorded scan at ${SETTINGS.writeRate}/s`,
      (f) => `${lat(f.scanAtRate)}; ${rate(f.scanAtRate)}`,
    ],
    [
      `dispense at ${SETTINGS.writeRate}/s`,
      (f) => `${lat(f.dispenseAtRate)}; ${rate(f.dispenseAtRate)}`,
    ],
    [
      'recorded scans committed, 64 clients (vs submit ceiling)',
      (f) =>
        `${rate(f.scanMax)} (${(f.scanMax.perSecond / f.ceilingSubmit.perSecond).toFixed(2)} ×; ${lat(f.scanMax)})`,
    ],
    [
      'commissioning as a job',
      (f) =>
        `${f.commission.serials.toLocaleString('en')} serials in ${f.commission.seconds.toFixed(1)} s: ${Math.round(f.commission.serials / f.commission.seconds)} serials/s`,
    ],
    [
      'scan to verdict on screen, Chromium',
      (f) =>
        f.scanToVerdictMs.length === 0
          ? 'not measured'
          : f.scanToVerdictMs.map((v) => ms(v)).join(', '),
    ],
  ];
  const header = `| measure | ${figures.map((f) => f.ledger).join(' | ')} |`;
  const rule = `|---|${figures.map(() => '---').join('|')}|`;
  return [
    header,
    rule,
    ...rows.map(([name, cell]) => `| ${name} | ${figures.map(cell).join(' | ')} |`),
  ].join('\n');
}

async function main(): Promise<void> {
  const only = process.env['BENCH_LEDGERS']?.split(',') as LedgerKind[] | undefined;
  const kinds: LedgerKind[] = only ?? ['embedded', 'fabric'];
  const log = (line: string) =>
    process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
  const figures: LedgerFigures[] = [];
  for (const kind of kinds) {
    figures.push(await measure(kind, log));
  }
  const cpus = os.cpus();
  const machine = `${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;
  const orgs = organisations();
  const orderers = orgs.filter((org) => org.consenter).length;
  const fabric = `${orgs.length} organisations, a peer each, MAJORITY endorsement (${Math.floor(orgs.length / 2) + 1} of ${orgs.length} peers), SmartBFT ordering on ${orderers} orderers (RequestBatchMaxCount ${SMART_BFT_OPTIONS.RequestBatchMaxCount}, RequestBatchMaxInterval ${SMART_BFT_OPTIONS.RequestBatchMaxInterval}); the gateway waits for every peer to hold a write's block before answering`;
  const report = [
    `packtrace platform benchmark, ${new Date().toISOString()}${QUICK ? ' (QUICK settings: not for the record)' : ''}`,
    `machine: ${machine}`,
    `Fabric network: ${fabric}`,
    `settings: ${JSON.stringify(SETTINGS)}; the client runs in the gateway's process, over HTTP on loopback`,
    '',
    table(figures),
  ].join('\n');
  process.stdout.write(`${report}\n`);
  const out = join(process.cwd(), 'test-output', 'benchmark.json');
  await writeFile(
    out,
    JSON.stringify(
      { at: new Date().toISOString(), machine, fabric, settings: SETTINGS, figures },
      null,
      2,
    ),
  );
  log(`figures written to ${out}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
