import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import { CertificateAuthority } from '@packtrace/embedded-ledger';
import {
  openFabricLedger,
  readIdentity,
  seedConsortium,
  type LedgerIdentity,
} from '@packtrace/ledger';
import { loadHosts, type Hosts } from '../hosts/support/hosts';
import {
  defineSuiteChaincode,
  enrolOnHost,
  formSuiteChannel,
  hostProfile,
  SUITE_MEMBERS,
  type StepTimes,
} from '../hosts/support/suite-channel';
import { ADVERSARIES, OUTSIDER_ATTRIBUTES } from './adversaries';
import { PARTIES, type PartyName } from './demo-parties';
import { ScenarioLedger, type ScenarioUser } from './scenario-ledger';

/**
 * The organisation whose peer's gateway every session of a scenario goes through on the
 * separate hosts (scripts/test-hosts.sh sets it); unset everywhere else.
 */
export function hostsGatewayOrganisation(): string | undefined {
  const org = process.env['PACKTRACE_SCENARIO_GATEWAY_ORG'];
  return org === undefined || org === '' ? undefined : org;
}

/**
 * The channel this suite's scenarios share (jest keeps a module registry per test file), formed
 * by the first scenario to ask. Every scenario still starts from an empty state: its chaincode
 * definition has a name of its own. One channel per scenario (91 in a run) made each peer and
 * orderer carry every earlier suite's channels: measured 2026-12-08, at 55 channels the five peers
 * used 95 % of a core and the four orderers 24 % while the suites ran, and forming a channel took
 * 16-21 s instead of 8-12 s.
 */
let suiteChannel: Promise<{ channel: string; took: StepTimes }> | undefined;

function channelOfSuite(hosts: Hosts): Promise<{ channel: string; took: StepTimes }> {
  if (suiteChannel === undefined) {
    const channel = `suite-${randomBytes(4).toString('hex')}`;
    const forming = formSuiteChannel(hosts, channel).then((took) => ({ channel, took }));
    // A failed forming is not kept: the suite's next scenario tries a new channel.
    forming.catch(() => {
      if (suiteChannel === forming) suiteChannel = undefined;
    });
    suiteChannel = forming;
    return forming;
  }
  return suiteChannel.then(({ channel }) => ({ channel, took: {} }));
}

/**
 * One suite's scenario on the consortium run apart (scripts/test-hosts.sh): on the suite's
 * channel, formed by the five hosts, a chaincode definition of the scenario's own, each step on
 * its own host; the consortium's users and the adversaries enrolled at their organisations' own
 * CAs (the outsider's CA is trusted by no organisation); every session through one
 * organisation's peer gateway, as an integrator holding its users' keys would connect; unless
 * `bootstrap` is false, the consortium seeded by the regulator.
 */
export async function startHostsScenario(
  gatewayOrg: string,
  options: { bootstrap?: boolean } = {},
): Promise<ScenarioLedger> {
  const hosts = loadHosts();
  const chaincode = `${consortium.chaincode}-${randomBytes(4).toString('hex')}`;
  const [identities, { channel, took }] = await Promise.all([
    scenarioIdentities(hosts),
    withFormingSlot(hosts, async () => {
      const formed = await channelOfSuite(hosts);
      const defined = await defineSuiteChaincode(hosts, formed.channel, chaincode);
      return { channel: formed.channel, took: { ...formed.took, ...defined } };
    }),
  ]);
  const steps = Object.entries(took);
  const seconds = steps.reduce((sum, [, value]) => sum + value, 0);
  process.stdout.write(
    `hosts: ${chaincode} on ${channel} defined by ${SUITE_MEMBERS.length} hosts in ${seconds.toFixed(1)} s ` +
      `(${steps.map(([step, value]) => `${step} ${value.toFixed(1)}`).join(', ')}); ` +
      `sessions through ${gatewayOrg}'s peer\n`,
  );
  const own = (await hostProfile(hosts, gatewayOrg)).organisations[gatewayOrg];
  if (own === undefined) throw new Error(`${gatewayOrg}'s connection profile names no peer`);
  const ledger = openFabricLedger({
    channel,
    chaincode,
    // One peer: a session whose organisation has no peer listed goes through the first.
    peers: [
      {
        mspId: own.mspId,
        endpoint: own.peer.endpoint,
        tlsRootCertificate: own.peer.tlsRootCertPem,
      },
    ],
  });
  const scenario = new ScenarioLedger(
    ledger,
    identities,
    () => new Date(),
    () => ledger.close(),
  );
  if (options.bootstrap !== false) {
    await seedConsortium(scenario.session('regulator'), consortium);
  }
  return scenario;
}

async function scenarioIdentities(hosts: Hosts): Promise<Record<ScenarioUser, LedgerIdentity>> {
  const identities: Partial<Record<ScenarioUser, LedgerIdentity>> = {};
  const profiles = new Map(
    await Promise.all(
      SUITE_MEMBERS.map(async (org) => [org, await hostProfile(hosts, org)] as const),
    ),
  );
  for (const name of Object.keys(PARTIES) as PartyName[]) {
    const user = consortium.users.find((candidate) => candidate.party.key === name);
    if (user === undefined) throw new Error(`consortium.json names no user for party ${name}`);
    const files = profiles.get(user.party.organisation.key as (typeof SUITE_MEMBERS)[number])
      ?.users[user.username];
    if (files === undefined) {
      throw new Error(`${user.party.organisation.key}'s folder holds no user ${user.username}`);
    }
    identities[name] = await readIdentity(files.mspId, files.certificatePath, files.privateKeyPath);
  }
  await Promise.all(
    Object.entries(ADVERSARIES).map(async ([name, adversary]) => {
      const files = await enrolOnHost(
        hosts,
        adversary.organisation,
        `scenario-${name}`,
        adversary.attributes,
      );
      identities[name as keyof typeof ADVERSARIES] = await readIdentity(
        consortium.organisation(adversary.organisation).mspId,
        files.certificatePath,
        files.privateKeyPath,
      );
    }),
  );
  identities.outsider = await (
    await CertificateAuthority.create('OutsiderMSP')
  ).enrol('outsider', OUTSIDER_ATTRIBUTES);
  return identities as Record<ScenarioUser, LedgerIdentity>;
}

/**
 * Channels formed at once (PACKTRACE_HOSTS_FORMING, 2 by default, one per jest worker). Forming
 * waits on commits and discovery as much as it computes: measured 2026-12-07, two at once took
 * 9.3-12.4 s each, 25 channels in 165 s (6.6 s a channel), against 7.8-9 s each one at a time.
 */
function formingSlots(): number {
  const value = Number(process.env['PACKTRACE_HOSTS_FORMING'] ?? 2);
  return Number.isInteger(value) && value >= 1 ? value : 1;
}

/**
 * Runs `work` while holding one of the forming slots shared by the jest workers (directories
 * made atomically beside the mailbox, which only root's test driver writes).
 */
async function withFormingSlot<T>(hosts: Hosts, work: () => Promise<T>): Promise<T> {
  const slots = formingSlots();
  const deadline = Date.now() + 600_000;
  let lock: string | undefined;
  while (lock === undefined) {
    for (let slot = 0; slot < slots && lock === undefined; slot += 1) {
      const candidate = join(hosts.mailbox, '..', `suite-channel.${slot}.lock`);
      try {
        await mkdir(candidate);
        lock = candidate;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    if (lock === undefined) {
      if (Date.now() > deadline) throw new Error('no channel-forming slot free for 10 minutes');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}
