/**
 * Readiness of a channel, judged the way clients will experience it: every peer sees every
 * organisation's peer in the channel (gossip membership), the chaincode answers on every peer,
 * and each peer's discovery service (the analysis the peer's gateway uses to pick endorsers)
 * can satisfy the endorsement policy. Until then a gateway submit fails with
 * "no combination of peers can be derived which satisfy the endorsement policy".
 */
import { discover, peerCli } from './admin-tools';
import { CHAINCODE_NAME } from './chaincode-deployment';
import { CommandError, inParallel, waitFor } from './commands';
import { organisations, type OrgTopology } from './topology';

/**
 * A call only the chaincode itself can answer: an unknown transaction, which the contracts
 * refuse with their own error body (`{"code":"UNKNOWN_TRANSACTION",...}`). A peer-side failure
 * (server unreachable, definition missing) has another message. fabric-contract-api's own
 * GetMetadata cannot be used: it fails under the class-transformer version installed.
 */
// Deliberately not in the chaincode's catalogue (network never imports chaincode code): the
// chaincode's refusal of an unknown name is the answer the probe waits for.
const PROBE_CALL = JSON.stringify({ Args: ['parties:NetworkProbe'] });
const CHAINCODE_ANSWER = /message:"\{\\?"code\\?":/;

/**
 * True once the organisation's peer gets an answer from its chaincode server on the channel,
 * through the definition `chaincode` (the consortium's by default).
 */
export async function chaincodeAnswers(
  org: OrgTopology,
  channel: string,
  chaincode = CHAINCODE_NAME,
): Promise<boolean> {
  try {
    await peerCli(
      org,
      ['chaincode', 'query', '-C', channel, '-n', chaincode, '-c', PROBE_CALL],
      `calling the chaincode on ${channel}`,
      15_000,
    );
    return true;
  } catch (error) {
    if (error instanceof CommandError && CHAINCODE_ANSWER.test(error.output)) {
      return true;
    }
    throw error;
  }
}

/**
 * True once the peer sees a peer of every organisation in the channel (itself included):
 * `members` of them, every organisation of the topology when not given.
 */
async function membershipComplete(
  org: OrgTopology,
  channel: string,
  members = organisations().length,
): Promise<boolean> {
  const { stdout } = await discover(
    org,
    ['peers', '--channel', channel],
    `listing the peers of ${channel}`,
  );
  const seen = new Set((JSON.parse(stdout) as { MSPID?: string }[]).map((peer) => peer.MSPID));
  if (seen.size < members) {
    throw new Error(`${org.key} sees peers of ${[...seen].join(', ')} only on ${channel}`);
  }
  return true;
}

/** Waits until a (re)started peer sees every organisation's peer again on the channels. */
export async function waitPeerMembership(
  org: OrgTopology,
  channels: readonly string[],
  timeoutMs = 60_000,
): Promise<void> {
  for (const channel of channels) {
    await waitFor(`peer of ${org.key} to rejoin gossip on ${channel}`, timeoutMs, () =>
      membershipComplete(org, channel),
    );
  }
}

/** True once the peer's discovery service finds endorsers satisfying the chaincode's policy. */
async function endorsersFound(
  org: OrgTopology,
  channel: string,
  chaincode = CHAINCODE_NAME,
): Promise<boolean> {
  const { stdout } = await discover(
    org,
    ['endorsers', '--channel', channel, '--chaincode', chaincode],
    `discovering endorsers on ${channel}`,
  );
  const descriptors = JSON.parse(stdout) as { Layouts?: unknown[] }[];
  if ((descriptors[0]?.Layouts?.length ?? 0) === 0) {
    throw new Error(`${org.key}: no endorsement layout yet on ${channel}`);
  }
  return true;
}

/**
 * Waits until the channel is ready on one organisation's own peer (an operator's check on its
 * own host after a commit): it sees the peers of all `members` organisations, its chaincode
 * answers, and its discovery finds endorsers, so its gateway's submits are no longer refused
 * with "no combination of peers can be derived". `chaincode` names the definition (the
 * consortium's by default).
 */
export async function waitOrganisationReady(
  org: OrgTopology,
  channel: string,
  members: number,
  options: { timeoutMs?: number; chaincode?: string } = {},
): Promise<void> {
  const chaincode = options.chaincode ?? CHAINCODE_NAME;
  await waitFor(
    `${chaincode} on ${channel} to be ready on the peer of ${org.key}`,
    options.timeoutMs ?? 90_000,
    async () =>
      (await membershipComplete(org, channel, members)) &&
      (await chaincodeAnswers(org, channel, chaincode)) &&
      endorsersFound(org, channel, chaincode),
  );
}

/** Waits until the channel is ready on every peer (see the module comment). */
export async function waitChaincodeReady(
  channel: string,
  progress?: (line: string) => void,
  timeoutMs = 90_000,
): Promise<void> {
  const orgs = organisations();
  const answered = new Set<string>();
  const endorsable = new Set<string>();
  const membership = new Set<string>();
  await waitFor(
    `the chaincode on channel ${channel} to be ready on every peer`,
    timeoutMs,
    async () => {
      const problems: string[] = [];
      await inParallel(orgs, 4, async (org) => {
        try {
          if (!membership.has(org.key) && (await membershipComplete(org, channel))) {
            membership.add(org.key);
          }
          if (!answered.has(org.key) && (await chaincodeAnswers(org, channel))) {
            answered.add(org.key);
          }
          if (!endorsable.has(org.key) && (await endorsersFound(org, channel))) {
            endorsable.add(org.key);
          }
        } catch (error) {
          problems.push(
            error instanceof Error ? error.message.split('\n').slice(-2).join(' ') : String(error),
          );
        }
      });
      if (problems.length > 0) {
        throw new Error(problems.join('; '));
      }
      return true;
    },
    { progress },
  );
}
