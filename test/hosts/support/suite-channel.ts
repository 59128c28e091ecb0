/**
 * A channel of its own for one chaincode scenario suite on the separate hosts (issue 23 item 5:
 * the scenario suites through one organisation's gateway), formed the way the runbook forms the
 * consortium's channel, each step by each organisation on its own host from the public
 * definitions in the mailbox: one builds the genesis block, each joins. Each scenario of the
 * suite then gets a chaincode definition of its own name on it (a state of its own): each
 * approves its own chaincode package, one commits once a MAJORITY approved, and each waits until
 * its own peer can run the chaincode. Suites' users are the organisations' own, read from their
 * folders by the test driver, which stands for each user's client.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NetworkProfile } from '@packtrace/network';
import { cli, cliOk, hostOf, type Hosts } from './hosts';
import { eachAtOnce } from './runbook';

/**
 * Every organisation of the consortium is a member of a suite's channel: the scenarios act as
 * Other Pharma's party too (Other Pharma, removed from the consortium's channel at the end of
 * the runbook, still runs its host).
 */
export const SUITE_MEMBERS = [
  'regulator',
  'manufacturer',
  'distributor',
  'pharmacy',
  'otherpharma',
] as const;

/** How long each step took, in seconds. */
export type StepTimes = Record<string, number>;

function stopwatch(): { took: StepTimes; lap: (step: string) => void } {
  const took: StepTimes = {};
  let mark = performance.now();
  return {
    took,
    lap: (step) => {
      const now = performance.now();
      took[step] = (now - mark) / 1000;
      mark = now;
    },
  };
}

/**
 * Forms `channel` with every member, quietly (the regulator builds the genesis block, each
 * joins it); a failing step's error quotes its output.
 */
export async function formSuiteChannel(hosts: Hosts, channel: string): Promise<StepTimes> {
  const quiet = { quiet: true } as const;
  const { took, lap } = stopwatch();
  const genesis = join(hosts.mailbox, `${channel}.genesis.block`);
  await cliOk(
    hosts,
    'regulator',
    [
      'consortium',
      'genesis',
      channel,
      genesis,
      ...SUITE_MEMBERS.map((org) => join(hosts.mailbox, `${org}.json`)),
    ],
    {},
    quiet,
  );
  lap('genesis');
  await eachAtOnce(SUITE_MEMBERS, (org) =>
    cliOk(hosts, org, ['org', org, 'join', channel, genesis], {}, quiet),
  );
  lap('join');
  return took;
}

/**
 * Defines the chaincode on `channel` under the name `chaincode` (each member approves its own
 * package, one commits once a MAJORITY approved, each waits until its own peer can run it): a
 * state namespace of its own for one scenario, on a channel its suite's scenarios share.
 */
export async function defineSuiteChaincode(
  hosts: Hosts,
  channel: string,
  chaincode: string,
): Promise<StepTimes> {
  const quiet = { quiet: true } as const;
  const named = ['--chaincode', chaincode];
  const { took, lap } = stopwatch();
  await eachAtOnce(SUITE_MEMBERS, (org) =>
    cliOk(hosts, org, ['org', org, 'approve', channel, ...named], {}, quiet),
  );
  lap('approve');
  await commitOnceMajority(hosts, channel, named);
  lap('commit');
  await eachAtOnce(SUITE_MEMBERS, (org) =>
    cliOk(hosts, org, ['org', org, 'ready', channel, ...named], {}, quiet),
  );
  lap('ready');
  return took;
}

/**
 * Commits through the first member whose peer already sees a MAJORITY of the approvals, for up
 * to 90 s: a peer may lag behind the orderers for a while on a loaded machine, and the commit
 * need not wait for that one peer (`ready` then waits for every peer).
 */
async function commitOnceMajority(
  hosts: Hosts,
  channel: string,
  named: readonly string[],
): Promise<void> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const refusals: string[] = [];
    for (const org of SUITE_MEMBERS) {
      const result = await cli(
        hosts,
        org,
        ['org', org, 'commit', channel, ...named],
        {},
        { quiet: true },
      );
      if (result.code === 0) return;
      const tail = result.output.trim().split('\n').slice(-3).join(' ');
      if (!tail.includes('MAJORITY needs')) {
        throw new Error(`${org}: 'org ${org} commit ${channel}' exited ${result.code}: ${tail}`);
      }
      refusals.push(`${org}: ${tail}`);
    }
    if (Date.now() > deadline) {
      throw new Error(`no member could commit on ${channel} within 90 s: ${refusals.join('; ')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The connection profile an organisation's `init` wrote in its own folder. */
export async function hostProfile(hosts: Hosts, org: string): Promise<NetworkProfile> {
  const file = join(hostOf(hosts, org).dir, 'connection.json');
  return JSON.parse(await readFile(file, 'utf8')) as NetworkProfile;
}

/**
 * Registers and enrols a user at an organisation's own CA with exactly these certificate
 * attributes (`org <org> enrol`, on its host); answers where its certificate and key are.
 */
export async function enrolOnHost(
  hosts: Hosts,
  org: string,
  username: string,
  attributes: Readonly<Record<string, string>>,
): Promise<{ certificatePath: string; privateKeyPath: string }> {
  const result = await cliOk(
    hosts,
    org,
    [
      'org',
      org,
      'enrol',
      username,
      ...Object.entries(attributes).map(([name, value]) => `${name}=${value}`),
    ],
    {},
    { quiet: true },
  );
  const match = /certificate (\S+) key (\S+)/.exec(result.output);
  if (match?.[1] === undefined || match[2] === undefined) {
    throw new Error(`'org ${org} enrol ${username}' named no certificate: ${result.output}`);
  }
  return { certificatePath: match[1], privateKeyPath: match[2] };
}
