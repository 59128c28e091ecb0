/**
 * The operator's runbook (docs/network.md, "Running the consortium apart"), step by step: each
 * step is what one or more organisations' operators run on their own hosts with the network
 * CLI, the files they leave in the mailbox for the others, and what they check. The hosts test
 * (consortium-hosts.spec.ts) and the join benchmark (bench/join-benchmark.ts) follow it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import { GatewayClient } from './gateway-client';
import {
  cli,
  cliOk,
  hostOf,
  runProcess,
  onHostArgv,
  type CommandResult,
  type Hosts,
} from './hosts';
import { Timings } from './timings';

/** The organisations that form the channel. */
export const FOUNDERS = ['regulator', 'manufacturer', 'distributor', 'pharmacy'] as const;
/** The company that joins the running channel. */
export const JOINER = 'otherpharma';
/** The consortium's channel. */
export const CHANNEL = consortium.channel;
/** The founder that prepares the configuration updates (any member could). */
export const PROPOSER = 'manufacturer';

/** The files that pass through the mailbox. */
export interface MailboxFiles {
  definition(org: string): string;
  readonly genesis: string;
  readonly addJoiner: string;
  readonly removeJoiner: string;
}

/** A runbook in progress on a set of hosts. */
export interface Runbook {
  readonly hosts: Hosts;
  readonly timings: Timings;
  readonly files: MailboxFiles;
  /** The demo users' password every gateway was started with. */
  readonly password: string;
}

/** Starts a runbook on the hosts scripts/test-hosts.sh made. */
export function startRunbook(hosts: Hosts): Runbook {
  const password = process.env['DEMO_PASSWORD'];
  if (!password) throw new Error('DEMO_PASSWORD is not set (scripts/test-hosts.sh sets it)');
  const box = hosts.mailbox;
  return {
    hosts,
    timings: new Timings(),
    password,
    files: {
      definition: (org) => join(box, `${org}.json`),
      genesis: join(box, `${CHANNEL}.genesis.block`),
      addJoiner: join(box, `add-${JOINER}.pb`),
      removeJoiner: join(box, `remove-${JOINER}.pb`),
    },
  };
}

interface TopologyFile {
  organisations: Record<string, { ports: Record<string, number> }>;
}

const gateways = new WeakMap<Runbook, Map<string, GatewayClient>>();

/**
 * An organisation's gateway on its host (address from the host, port from topology.json); one
 * client per organisation, so each user signs in once.
 */
export function gatewayOf(book: Runbook, org: string): GatewayClient {
  const known = gateways.get(book) ?? new Map<string, GatewayClient>();
  gateways.set(book, known);
  const client = known.get(org) ?? newGateway(book, org);
  known.set(org, client);
  return client;
}

function newGateway(book: Runbook, org: string): GatewayClient {
  const topology = JSON.parse(
    readFileSync(join(book.hosts.root, 'network', 'topology.json'), 'utf8'),
  ) as TopologyFile;
  const port = topology.organisations[org]?.ports['gateway'];
  if (port === undefined) throw new Error(`network/topology.json gives ${org} no gateway port`);
  return new GatewayClient(`http://${hostOf(book.hosts, org).address}:${port}`, book.password);
}

/** Runs steps for several organisations at once (each on its own host), all to their end. */
export async function eachAtOnce(
  orgs: readonly string[],
  work: (org: string) => Promise<unknown>,
): Promise<void> {
  const results = await Promise.allSettled(orgs.map((org) => work(org)));
  const failures = results.flatMap((result, index) =>
    result.status === 'rejected' ? [`${orgs[index]}: ${String(result.reason)}`] : [],
  );
  if (failures.length > 0) throw new Error(failures.join('\n'));
}

/** `org <org> init`, `start`, `export <mailbox>/<org>.json`: an organisation sets itself up. */
export async function setUpOrganisation(book: Runbook, org: string): Promise<void> {
  const { hosts, timings } = book;
  await timings.measure(`${org}: org init`, () => cliOk(hosts, org, ['org', org, 'init']));
  await timings.measure(`${org}: org start`, () => cliOk(hosts, org, ['org', org, 'start']));
  await timings.measure(`${org}: org export`, () =>
    cliOk(hosts, org, ['org', org, 'export', book.files.definition(org)]),
  );
}

/** `consortium genesis`: one founder builds the channel's genesis block from the definitions. */
export async function buildGenesis(book: Runbook, by: string): Promise<void> {
  await book.timings.measure(`${by}: consortium genesis ${CHANNEL}`, () =>
    cliOk(book.hosts, by, [
      'consortium',
      'genesis',
      CHANNEL,
      book.files.genesis,
      ...FOUNDERS.map((org) => book.files.definition(org)),
    ]),
  );
}

/** `org <org> join <channel> <genesis>`: checks the block, joins its orderer and peer. */
export async function joinChannel(book: Runbook, org: string): Promise<CommandResult> {
  return book.timings.measure(`${org}: org join ${CHANNEL}`, () =>
    cliOk(book.hosts, org, ['org', org, 'join', CHANNEL, book.files.genesis]),
  );
}

/** `org <org> approve <channel>`: installs its own chaincode package and approves it. */
export async function approveChaincode(book: Runbook, org: string): Promise<CommandResult> {
  return book.timings.measure(`${org}: org approve ${CHANNEL}`, () =>
    cliOk(book.hosts, org, ['org', org, 'approve', CHANNEL]),
  );
}

/** `org <org> commit <channel>`: commits the chaincode definition (MAJORITY approved). */
export async function commitChaincode(book: Runbook, org: string): Promise<CommandResult> {
  return cli(book.hosts, org, ['org', org, 'commit', CHANNEL]);
}

/** `org <org> start gateway`: the organisation's API gateway on its host (settings in `extraEnv`). */
export async function startGateway(
  book: Runbook,
  org: string,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<void> {
  await book.timings.measure(`${org}: org start gateway`, () =>
    cliOk(book.hosts, org, ['org', org, 'start', 'gateway'], extraEnv),
  );
}

/**
 * The regulator's operator bootstraps the ledger and registers the parties of the named
 * member organisations with the ledger's seed function, on its own host as its own user.
 */
export async function seedParties(book: Runbook, members: readonly string[]): Promise<void> {
  const { hosts } = book;
  const host = hostOf(hosts, 'regulator');
  const script = join(hosts.root, 'test', 'hosts', 'support', 'seed-founders.js');
  await book.timings.measure('regulator: seed the founders’ parties', async () => {
    // Right after the commit, the peers' discovery may not yet know that the others run the
    // chaincode ("no combination of peers can be derived"): seeding is idempotent, so the
    // operator runs it again, for up to 30 s.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const result = await runProcess(
        'ip',
        onHostArgv(hosts, host, [hosts.node, script, ...members], { FABRIC_CHANNEL: CHANNEL }),
        { prefix: '[regulator]' },
      );
      if (result.code === 0) return;
      if (!result.output.includes('no combination of peers') || Date.now() > deadline) {
        throw new Error(`seeding exited ${result.code}: ${result.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  });
}

/** The regulator registers a consortium party through its own gateway (POST /parties). */
export async function registerParty(book: Runbook, partyKey: string): Promise<void> {
  const party = consortium.party(partyKey);
  await book.timings.measure(`regulator: register party ${partyKey} (API)`, () =>
    gatewayOf(book, 'regulator').call('regulator', 'POST', '/parties', {
      gln: party.gln,
      name: party.name,
      role: party.role,
      mspId: party.organisation.mspId,
      companyPrefixes: party.companyPrefixes,
    }),
  );
}

/** An organisation's operator adds its admin's signature to an update in the mailbox. */
export async function signUpdate(book: Runbook, org: string, file: string): Promise<CommandResult> {
  return book.timings.measure(`${org}: org sign`, () =>
    cliOk(book.hosts, org, ['org', org, 'sign', file]),
  );
}

/** Submits an update (the submitter's admin signs too); answers the command's result. */
export async function submitUpdate(
  book: Runbook,
  org: string,
  file: string,
): Promise<CommandResult> {
  return cli(book.hosts, org, ['org', org, 'submit', CHANNEL, file]);
}

/** The channel's block height on an organisation's peer, from `org <org> status`. */
export function peerHeight(book: Runbook, org: string): Promise<number> {
  return nodeHeight(book, org, 'peer');
}

/** The channel's block height on an organisation's orderer, from `org <org> status`. */
export function ordererHeight(book: Runbook, org: string): Promise<number> {
  return nodeHeight(book, org, 'orderer');
}

async function nodeHeight(book: Runbook, org: string, kind: 'peer' | 'orderer'): Promise<number> {
  const result = await runProcess(
    'ip',
    onHostArgv(book.hosts, hostOf(book.hosts, org), [
      book.hosts.node,
      join(book.hosts.root, 'network', 'dist', 'cli.js'),
      'org',
      org,
      'status',
    ]),
    { prefix: `[${org}]`, quiet: true },
  );
  const line = result.output.split('\n').find((text) => new RegExp(`^\\s*${kind}\\b`).test(text));
  const match = line?.match(new RegExp(`\\b${CHANNEL}=(\\d+)`));
  if (match?.[1] === undefined) {
    throw new Error(
      `${org}: no ${CHANNEL} height of its ${kind} in 'org status':\n${result.output}`,
    );
  }
  return Number(match[1]);
}

/** Waits until `check` holds, asking every `everyMs`; throws `what` after `withinMs`. */
export async function eventually(
  what: string,
  check: () => Promise<boolean>,
  withinMs: number,
  everyMs = 500,
): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${withinMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Waits until an organisation's peer holds as many blocks of the channel as another's (a
 * joiner's peer catches up from block 0; until it holds the block that added its organisation,
 * its own admin is unknown to it, so `approve` would be refused).
 */
export async function caughtUp(book: Runbook, org: string, reference: string): Promise<void> {
  await book.timings.measure(`${org}: its peer at ${reference}'s height`, () =>
    eventually(
      `${org}'s peer at ${reference}'s height`,
      async () => (await peerHeight(book, org)) >= (await peerHeight(book, reference)),
      60_000,
    ),
  );
}
