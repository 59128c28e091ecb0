/**
 * Issue 23's join benchmark: how long a company takes from asking to join the running
 * consortium (a member prepares the configuration update adding it, `org propose-add`) to its
 * first committed transaction (its own user's write through its own gateway), leaving out the
 * time the other members' administrators take to sign (they are people; here each `org sign`
 * is measured and subtracted). Runs on the separate hosts scripts/test-hosts.sh makes:
 * `npm run bench:join` (root). The four founders form the channel first, as the runbook says;
 * that part is timed too but is not the figure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import { gs1CheckDigit } from '@packtrace/gs1';
import { cliOk, loadHosts } from '../test/hosts/support/hosts';
import {
  CHANNEL,
  FOUNDERS,
  JOINER,
  PROPOSER,
  approveChaincode,
  buildGenesis,
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

const hosts = loadHosts();
const book = startRunbook(hosts);
const { files, timings } = book;

async function form(): Promise<void> {
  await eachAtOnce(FOUNDERS, (org) => setUpOrganisation(book, org));
  await buildGenesis(book, 'regulator');
  await eachAtOnce(FOUNDERS, (org) => joinChannel(book, org));
  await eachAtOnce(FOUNDERS, (org) => approveChaincode(book, org));
  const commit = await commitChaincode(book, 'regulator');
  if (commit.code !== 0) throw new Error(`commit failed: ${commit.output}`);
  await startGateway(book, 'regulator');
  await seedParties(book, FOUNDERS);
}

async function joinOnce(): Promise<{ seconds: number; signing: number }> {
  await setUpOrganisation(book, JOINER);
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
  const joined = await joinOnce();
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
