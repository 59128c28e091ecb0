/**
 * Issue 23's "Measured", on the separate hosts scripts/test-hosts.sh makes (`npm run bench:join`,
 * root):
 *
 * - the join: how long a company takes from asking to join the running consortium (a member
 *   prepares the configuration update adding it, `org propose-add`) to its first committed
 *   transaction (its own user's write through its own gateway), leaving out the time the other
 *   members' administrators take to sign (they are people; each `org sign` is measured and
 *   subtracted);
 * - recorded scans (`POST /scans`, a committed write each) through the pharmacy's gateway with
 *   four organisations in the channel and then, in the same run, with five: the same clients,
 *   packs and processes (Other Pharma's nodes already run, idle, during the first phase), only
 *   the channel's membership differs (MAJORITY is 3 of 4, then 3 of 5).
 *
 * The four founders form the channel first, as the runbook says; that is timed too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import { expiryOfDate, gs1CheckDigit } from '@packtrace/gs1';
import type { GatewayClient } from '../test/hosts/support/gateway-client';
import { cliOk, loadHosts } from '../test/hosts/support/hosts';
import {
  CHANNEL,
  FOUNDERS,
  JOINER,
  PROPOSER,
  approveChaincode,
  buildGenesis,
  caughtUp,
  commitChaincode,
  eachAtOnce,
  gatewayOf,
  joinChannel,
  registerParty,
  seedParties,
  setUpOrganisation,
  signUpdate,
  startGateway,
  startRunbook,
  submitUpdate,
} from '../test/hosts/support/runbook';
import { percentile } from './load';

const hosts = loadHosts();
const book = startRunbook(hosts);
const { files, timings } = book;

const SCAN_CLIENTS = Number(process.env['BENCH_SCAN_CLIENTS'] ?? 8);
const SCAN_SECONDS = Number(process.env['BENCH_SCAN_SECONDS'] ?? 15);
const ACME_GTIN = '09506000134352';
const LOT = `BENCH-${Date.now().toString(36).toUpperCase()}`;
const EXPIRY = expiryOfDate(new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000));
const SERIALS = Array.from({ length: SCAN_CLIENTS }, (_, index) => `S${index + 1}`);
// The benchmark's clients scan far more often than a pharmacist: the per-user limit is lifted.
const PHARMACY_GATEWAY_ENV = { VERIFY_RATE_PER_MINUTE: '1000000' };

/** What one scan phase measured. */
interface ScanPhase {
  readonly organisations: number;
  readonly clients: number;
  readonly seconds: number;
  readonly committed: number;
  readonly failed: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
}

/** Acme Pharma's packs travel to Central Pharmacy, one per scanning client. */
async function supplyPacks(): Promise<void> {
  const items = SERIALS.map((serial) => ({ type: 'pack', gtin: ACME_GTIN, serial }));
  const acme = gatewayOf(book, 'manufacturer');
  const distributor = gatewayOf(book, 'distributor');
  const pharmacy = gatewayOf(book, 'pharmacy');
  await acme.call('manufacturer', 'POST', '/products', {
    gtin: ACME_GTIN,
    name: 'Paracetamol 500 mg',
    form: 'film-coated tablet',
    strength: '500 mg',
    packSize: 20,
  });
  await acme.call('manufacturer', 'POST', '/batches', {
    gtin: ACME_GTIN,
    lot: LOT,
    expiry: EXPIRY,
    serials: SERIALS,
  });
  const hop = async (
    from: GatewayClient,
    sender: string,
    to: GatewayClient,
    receiver: string,
    gln: string,
  ): Promise<void> => {
    const shipment = await from.call<{ id: string }>(sender, 'POST', '/shipments', {
      to: gln,
      items,
    });
    await to.call(receiver, 'POST', `/shipments/${shipment.id}/receive`, { received: items });
  };
  await hop(acme, 'manufacturer', distributor, 'distributor', consortium.party('distributor').gln);
  await hop(distributor, 'distributor', pharmacy, 'pharmacist', consortium.party('pharmacy').gln);
}

/** Closed loop: each client scans its own pack again as soon as the last scan answered. */
async function scanPhase(organisations: number): Promise<ScanPhase> {
  const pharmacy = gatewayOf(book, 'pharmacy');
  const latencies: number[] = [];
  let failed = 0;
  const started = performance.now();
  const until = started + SCAN_SECONDS * 1000;
  await Promise.all(
    SERIALS.map(async (serial) => {
      const code = `(01)${ACME_GTIN}(17)${EXPIRY}(10)${LOT}(21)${serial}`;
      while (performance.now() < until) {
        const sent = performance.now();
        const answer = await pharmacy.send<{ verdict?: string }>('pharmacist', 'POST', '/scans', {
          code,
        });
        if (answer.status === 201 || answer.status === 200) {
          latencies.push(performance.now() - sent);
        } else {
          failed += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = [...latencies].sort((a, b) => a - b);
  const phase = {
    organisations,
    clients: SCAN_CLIENTS,
    seconds,
    committed: latencies.length,
    failed,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
  };
  process.stdout.write(
    `[scans] ${organisations} organisations, ${SCAN_CLIENTS} clients, ${seconds.toFixed(1)} s: ` +
      `${phase.committed} committed (${phase.perSecond.toFixed(1)}/s), ${failed} failed, ` +
      `p50 ${phase.p50Ms.toFixed(0)} ms, p95 ${phase.p95Ms.toFixed(0)} ms, p99 ${phase.p99Ms.toFixed(0)} ms\n`,
  );
  return phase;
}

async function form(): Promise<void> {
  await eachAtOnce(FOUNDERS, (org) => setUpOrganisation(book, org));
  await buildGenesis(book, 'regulator');
  await eachAtOnce(FOUNDERS, (org) => joinChannel(book, org));
  await eachAtOnce(FOUNDERS, (org) => approveChaincode(book, org));
  const commit = await commitChaincode(book, 'regulator');
  if (commit.code !== 0) throw new Error(`commit failed: ${commit.output}`);
  await startGateway(book, 'regulator');
  await seedParties(book, FOUNDERS);
  await eachAtOnce(['manufacturer', 'distributor', 'pharmacy'], (org) =>
    startGateway(book, org, org === 'pharmacy' ? PHARMACY_GATEWAY_ENV : {}),
  );
}

async function joinOnce(): Promise<{ seconds: number; signing: number }> {
  const started = performance.now();
  await timings.measure(`${PROPOSER}: org propose-add ${JOINER}`, () =>
    cliOk(hosts, PROPOSER, [
      'org',
      PROPOSER,
      'propose-add',
      CHANNEL,
      files.definition(JOINER),
      files.addJoiner,
    ]),
  );
  let signing = 0;
  for (const org of FOUNDERS.filter((founder) => founder !== PROPOSER)) {
    signing += (await signUpdate(book, org, files.addJoiner)).seconds;
  }
  await timings.measure(`${PROPOSER}: org submit`, async () => {
    const submitted = await submitUpdate(book, PROPOSER, files.addJoiner);
    if (submitted.code !== 0) throw new Error(`submit failed: ${submitted.output}`);
  });
  await joinChannel(book, JOINER);
  await caughtUp(book, JOINER, 'regulator');
  await approveChaincode(book, JOINER);
  await timings.measure(`${JOINER}: org start chaincode gateway`, () =>
    cliOk(hosts, JOINER, ['org', JOINER, 'start', 'chaincode', 'gateway']),
  );
  await registerParty(book, 'manufacturer2');
  const prefix = consortium.party('manufacturer2').companyPrefixes[0] ?? '9506001';
  const body = `0${prefix}${'4711'.padStart(12 - prefix.length, '0')}`;
  await timings.measure('manufacturer2: first write (register a product)', () =>
    gatewayOf(book, JOINER).call('manufacturer2', 'POST', '/products', {
      gtin: `${body}${gs1CheckDigit(body)}`,
      name: 'Join benchmark product',
      form: 'tablet',
      strength: '5 mg',
      packSize: 30,
    }),
  );
  return { seconds: (performance.now() - started) / 1000 - signing, signing };
}

async function main(): Promise<void> {
  const formStarted = performance.now();
  await form();
  const formSeconds = (performance.now() - formStarted) / 1000;
  await supplyPacks();
  // Other Pharma's nodes run (idle) during both scan phases: only the membership differs.
  await setUpOrganisation(book, JOINER);
  const fourOrganisations = await scanPhase(4);
  const joined = await joinOnce();
  const fiveOrganisations = await scanPhase(5);
  const result = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
      loadAverage: os.loadavg(),
      node: process.version,
    },
    formationSeconds: formSeconds,
    joinSeconds: joined.seconds,
    signingSecondsExcluded: joined.signing,
    scans: [fourOrganisations, fiveOrganisations],
    steps: timings.steps,
  };
  const out = join(hosts.root, 'test-output', 'bench', 'join.json');
  mkdirSync(join(hosts.root, 'test-output', 'bench'), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(
    `\n${timings.table()}\n\nformation of the four founders: ${formSeconds.toFixed(1)} s\n` +
      `join (propose-add to first committed transaction, signing ${joined.signing.toFixed(1)} s excluded): ${joined.seconds.toFixed(1)} s\n` +
      `written to ${out}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `join benchmark failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
});
