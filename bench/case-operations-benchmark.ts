/**
 * Whole cases and many packs (issue 25 part 2), through the gateway over HTTP on loopback:
 * dispensing a case of 100 packs in one transaction against unpacking it and dispensing its packs
 * one by one; at the counter, verify-and-dispense (one transaction per pack) against a recorded
 * scan then a dispense (two); and 10,000 packs dispensed as one bulk job. Run with
 * `node bench/run-benchmark.mjs case-operations-benchmark` after `npm run build`; `BENCH_LEDGERS`
 * names the ledgers (default `embedded`; `embedded,fabric` with the project's network up).
 * Writes test-output/bench/case-operations.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { expiryOfDate, gs1CheckDigit } from '@packtrace/gs1';
import { glnOf, Platform, type LedgerKind } from './bench-platform';
import { percentile, tenths } from './load';

const GTIN = '09506000134352';
const EXPIRY = expiryOfDate(new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000));
const CASE_PACKS = 100;
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const COUNTER_PACKS = Number(process.env['BENCH_COUNTER_PACKS'] ?? 50);
const BULK_PACKS = Number(process.env['BENCH_BULK_PACKS'] ?? 10_000);
/** The most packs one case may hold (MAX_CHILDREN): the bulk job's packs arrive in such cases. */
const CASE_LIMIT = 1000;

interface Figures {
  readonly ledger: LedgerKind;
  readonly rounds: number;
  /** Milliseconds, median of the rounds. */
  readonly caseOf100: { readonly wholeCase: number; readonly unpackThenOneByOne: number };
  readonly blocks: { readonly wholeCase: number; readonly unpackThenOneByOne: number };
  /** Per pack at the counter: milliseconds (median) and blocks written. */
  readonly counter: {
    readonly verifyAndDispense: { readonly ms: number; readonly blocksPerPack: number };
    readonly scanThenDispense: { readonly ms: number; readonly blocksPerPack: number };
  };
  readonly bulkJob: {
    readonly packs: number;
    readonly ms: number;
    readonly packsPerSecond: number;
    readonly transactions: number;
  };
}

function median(values: number[]): number {
  return tenths(
    percentile(
      [...values].sort((a, b) => a - b),
      50,
    ),
  );
}

let nextCase = 600;
function newSscc(): string {
  nextCase += 1;
  const body = `09506000${String(nextCase).padStart(9, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
}

async function measure(kind: LedgerKind): Promise<Figures> {
  const platform = await Platform.open(kind);
  const reader = await platform.session('regulator');
  const height = () => reader.blockHeight();
  let lots = 0;
  /** Commissions packs and delivers them to the pharmacy in cases of `perCase`. */
  const deliverCases = async (
    count: number,
    perCase: number,
  ): Promise<{ cases: string[]; serials: string[] }> => {
    lots += 1;
    const lot = `LOT-CB${String(lots)}`;
    const serials = Array.from({ length: count }, (_, i) => `CB${String(lots)}-${String(i)}`);
    // Over 5,000 serials a commissioning becomes a job: send them 5,000 at a time instead.
    for (let from = 0; from < count; from += 5000) {
      await platform.call('manufacturer', 'POST', '/batches', {
        gtin: GTIN,
        lot,
        expiry: EXPIRY,
        serials: serials.slice(from, from + 5000),
      });
    }
    const cases: string[] = [];
    for (let from = 0; from < count; from += perCase) {
      const sscc = newSscc();
      cases.push(sscc);
      await platform.call('manufacturer', 'POST', '/containers', {
        sscc,
        kind: 'case',
        children: serials
          .slice(from, from + perCase)
          .map((serial) => ({ type: 'pack', gtin: GTIN, serial })),
      });
    }
    const items = cases.map((sscc) => ({ type: 'container', sscc }));
    const shipment = await platform.call<{ id: string }>('manufacturer', 'POST', '/shipments', {
      to: glnOf('pharmacist'),
      items,
    });
    await platform.call('pharmacist', 'POST', `/shipments/${shipment.id}/receive`, {
      received: items,
    });
    return { cases, serials };
  };
  try {
    await platform.call('manufacturer', 'POST', '/products', {
      gtin: GTIN,
      name: 'P',
      form: 'tablet',
      strength: '1 mg',
      packSize: 10,
    });
    const whole: number[] = [];
    const oneByOne: number[] = [];
    let wholeBlocks = 0;
    let oneByOneBlocks = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const first = await deliverCases(CASE_PACKS, CASE_PACKS);
      let before = await height();
      let start = performance.now();
      await platform.call('pharmacist', 'POST', `/containers/${first.cases[0] ?? ''}/dispense`);
      whole.push(performance.now() - start);
      wholeBlocks = (await height()) - before;

      const second = await deliverCases(CASE_PACKS, CASE_PACKS);
      before = await height();
      start = performance.now();
      await platform.call('pharmacist', 'POST', `/containers/${second.cases[0] ?? ''}/unpack`);
      for (const serial of second.serials) {
        await platform.call('pharmacist', 'POST', `/packs/${GTIN}/${serial}/dispense`);
      }
      oneByOne.push(performance.now() - start);
      oneByOneBlocks = (await height()) - before;
    }

    // At the counter: loose packs, each checked and handed over.
    const counter = await deliverCases(2 * COUNTER_PACKS, 2 * COUNTER_PACKS);
    await platform.call('pharmacist', 'POST', `/containers/${counter.cases[0] ?? ''}/unpack`);
    const lot = `LOT-CB${String(lots)}`;
    const codeOf = (serial: string) => `(01)${GTIN}(17)${EXPIRY}(10)${lot}(21)${serial}`;
    const single: number[] = [];
    const double: number[] = [];
    let before = await height();
    for (const serial of counter.serials.slice(0, COUNTER_PACKS)) {
      const start = performance.now();
      await platform.call('pharmacist', 'POST', '/dispensations', { code: codeOf(serial) });
      single.push(performance.now() - start);
    }
    const singleBlocks = ((await height()) - before) / COUNTER_PACKS;
    before = await height();
    for (const serial of counter.serials.slice(COUNTER_PACKS)) {
      const start = performance.now();
      await platform.call('pharmacist', 'POST', '/scans', { code: codeOf(serial) });
      await platform.call('pharmacist', 'POST', `/packs/${GTIN}/${serial}/dispense`);
      double.push(performance.now() - start);
    }
    const doubleBlocks = ((await height()) - before) / COUNTER_PACKS;

    // A bulk job: the packs arrive in full cases, are unpacked, then dispensed by list.
    const bulk = await deliverCases(BULK_PACKS, CASE_LIMIT);
    for (const sscc of bulk.cases) {
      await platform.call('pharmacist', 'POST', `/containers/${sscc}/unpack`);
    }
    before = await height();
    const start = performance.now();
    const job = await platform.call<{ id: string }>('pharmacist', 'POST', '/bulk-jobs', {
      operation: 'dispense',
      packs: bulk.serials.map((serial) => ({ gtin: GTIN, serial })),
    });
    let state: { status: string; succeeded: number } = { status: 'running', succeeded: 0 };
    while (state.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await platform.call('pharmacist', 'GET', `/bulk-jobs/${job.id}`);
    }
    const bulkMs = performance.now() - start;
    if (state.status !== 'completed' || state.succeeded !== BULK_PACKS) {
      throw new Error(`bulk job ended ${JSON.stringify(state)}`);
    }
    return {
      ledger: kind,
      rounds: ROUNDS,
      caseOf100: { wholeCase: median(whole), unpackThenOneByOne: median(oneByOne) },
      blocks: { wholeCase: wholeBlocks, unpackThenOneByOne: oneByOneBlocks },
      counter: {
        verifyAndDispense: { ms: median(single), blocksPerPack: singleBlocks },
        scanThenDispense: { ms: median(double), blocksPerPack: doubleBlocks },
      },
      bulkJob: {
        packs: BULK_PACKS,
        ms: Math.round(bulkMs),
        packsPerSecond: Math.round((BULK_PACKS / bulkMs) * 1000),
        transactions: (await height()) - before,
      },
    };
  } finally {
    await platform.close();
  }
}

async function main(): Promise<void> {
  const ledgers = (process.env['BENCH_LEDGERS'] ?? 'embedded')
    .split(',')
    .map((name) => name.trim()) as LedgerKind[];
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, load ${os
    .loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')}`;
  const results: Figures[] = [];
  for (const kind of ledgers) {
    const figures = await measure(kind);
    results.push(figures);
    console.log(`whole cases and many packs on the ${kind} ledger (${machine}):`);
    console.log(JSON.stringify(figures, null, 2));
  }
  const out = join(process.cwd(), 'test-output', 'bench', 'case-operations.json');
  await mkdir(join(process.cwd(), 'test-output', 'bench'), { recursive: true });
  await writeFile(out, JSON.stringify({ machine, results }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
