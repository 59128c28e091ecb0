/**
 * A channel formed from public definitions and operated by each organisation for itself:
 * `consortium genesis` (the genesis block from the collected definitions), `org <org> join`
 * (checks the block, then joins its orderer and peer), `org <org> approve` (its own chaincode
 * package on its own peer, approved with its own admin) and `org <org> commit` (once a MAJORITY
 * approved). Trust in the other organisations (TLS roots, orderer endpoints, anchor peers)
 * comes from the channel configuration itself.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { discover, peerCli } from './admin-tools';
import {
  CHAINCODE_NAME,
  checkChaincodeName,
  committedDefinition,
  ensureInstalled,
  ensurePackage,
  joinedChannels,
} from './chaincode-deployment';
import { checkChannelName, joinOrderer, joinPeer } from './channel';
import { CHANNEL_PROFILE, writeConfigtx } from './channel-config';
import {
  type ChannelConfigView,
  type ConfigBlock,
  configOfBlock,
  configView,
  definitionProblems,
  ordererEndpoints,
  policyProblems,
  readConfigBlock,
} from './channel-configuration';
import { CommandError, runCommand, waitFor } from './commands';
import { decode } from './configtxlator';
import { tool } from './fabric-binaries';
import { defaultLog, type Log } from './log';
import { nodeSpec } from './nodes';
import { readOrgPackage, writeOrgPackage } from './network-state';
import { addTrustedRoots } from './organisation';
import {
  organisationDefinition,
  type OrganisationDefinition,
  readDefinition,
} from './organisation-definition';
import { orgLayout } from './paths';
import { runningPid, startProcess, stopProcess } from './processes';
import { chaincodeAnswers, waitOrganisationReady } from './readiness';
import { organisation, type OrgTopology } from './topology';

/** A check of a channel's configuration failed: nothing was joined or changed. */
export class ChannelCheckError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelCheckError';
  }
}

function inScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'packtrace-channel-'));
  return work(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

/** The number of organisations a MAJORITY of `total` needs. */
export function majorityOf(total: number): number {
  return Math.floor(total / 2) + 1;
}

/**
 * `consortium genesis <channel> <out.block> <definition.json>...`: the channel's genesis block
 * from the collected definitions only (in the order given): every organisation an application
 * member, the consenters' orderers the SmartBFT ordering service, the agreed policies.
 */
export async function consortiumGenesis(
  channel: string,
  out: string,
  definitionFiles: readonly string[],
  log: Log = defaultLog,
): Promise<void> {
  checkChannelName(channel);
  const definitions = definitionFiles.map((file) => readDefinition(file));
  await genesisFromDefinitions(channel, out, definitions);
  log(
    `genesis block of ${channel} written to ${out}: ${definitions.map((d) => d.mspId).join(', ')}; ` +
      `consenters ${definitions
        .filter((d) => d.consenter)
        .map((d) => d.key)
        .join(', ')}`,
  );
}

/** Writes the genesis block of a channel of these organisations (configtxgen). */
export async function genesisFromDefinitions(
  channel: string,
  out: string,
  definitions: readonly OrganisationDefinition[],
): Promise<void> {
  const seen = new Set<string>();
  for (const definition of definitions) {
    if (seen.has(definition.mspId)) {
      throw new Error(`${definition.mspId} is given twice`);
    }
    seen.add(definition.mspId);
  }
  await inScratch(async (dir) => {
    writeConfigtx(definitions, dir);
    const scratch = join(dir, 'genesis.block');
    await runCommand(
      tool('configtxgen'),
      [
        '-configPath',
        dir,
        '-profile',
        CHANNEL_PROFILE,
        '-channelID',
        channel,
        '-outputBlock',
        scratch,
      ],
      { what: `generating the genesis block of ${channel}` },
    );
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(`${out}.tmp`, readFileSync(scratch));
    renameSync(`${out}.tmp`, out);
  });
}

/** Arguments pointing the peer CLI at an orderer over TLS trusting `caFile`. */
function ordererArgs(endpoint: string, caFile: string): string[] {
  return ['-o', endpoint, '--tls', '--cafile', caFile];
}

const UNREACHABLE =
  /connection refused|failed to create new connection|context deadline exceeded|SERVICE_UNAVAILABLE|no route to host|i\/o timeout/i;

/** Runs `attempt` against each orderer in turn until one can be reached. */
async function withOrderers<T>(
  endpoints: readonly string[],
  attempt: (endpoint: string) => Promise<T>,
): Promise<T> {
  let last: unknown = new Error('the channel configuration names no orderer');
  for (const endpoint of endpoints) {
    try {
      return await attempt(endpoint);
    } catch (error) {
      last = error;
      if (!(error instanceof CommandError && UNREACHABLE.test(error.output))) {
        throw error;
      }
    }
  }
  throw last;
}

/** The channel's latest configuration as fetched through an orderer with the org's admin. */
async function fetchConfigVia(
  org: OrgTopology,
  channel: string,
  endpoints: readonly string[],
  caFile: string,
): Promise<{ config: unknown; view: ChannelConfigView; blockNumber: number }> {
  return inScratch(async (dir) => {
    const block = join(dir, 'config.block');
    await withOrderers(endpoints, (endpoint) =>
      peerCli(
        org,
        ['channel', 'fetch', 'config', block, '-c', channel, ...ordererArgs(endpoint, caFile)],
        `fetching the configuration of ${channel}`,
      ),
    );
    const decoded = await decode('common.Block', readFileSync(block));
    const config = configOfBlock(decoded);
    const number = Number(
      (decoded as { header?: { number?: string | number } }).header?.number ?? 0,
    );
    return { config, view: configView(config), blockNumber: number };
  });
}

/** The organisation's own peer's ledger height on the channel (`peer channel getinfo`). */
export async function peerHeight(org: OrgTopology, channel: string): Promise<number> {
  const { stdout, stderr } = await peerCli(
    org,
    ['channel', 'getinfo', '-c', channel],
    `reading the height of ${channel}`,
  );
  const match = /"height":(\d+)/.exec(`${stdout}\n${stderr}`);
  if (match?.[1] === undefined) {
    throw new Error(`peer of ${org.key} printed no height for ${channel}`);
  }
  return Number(match[1]);
}

/** The orderer endpoints of a channel the organisation's peer has joined (its discovery). */
async function ordererEndpointsOf(org: OrgTopology, channel: string): Promise<string[]> {
  const { stdout } = await discover(
    org,
    ['config', '--channel', channel],
    `reading the orderers of ${channel}`,
  );
  const parsed = JSON.parse(stdout) as {
    orderers?: Record<string, { endpoint?: { host: string; port: number }[] }>;
  };
  return Object.values(parsed.orderers ?? {}).flatMap((entry) =>
    (entry.endpoint ?? []).map((endpoint) => `${endpoint.host}:${endpoint.port}`),
  );
}

/**
 * The channel's latest configuration, fetched with the organisation's own admin from an orderer
 * its peer knows for the channel.
 */
export async function fetchChannelConfig(
  orgKey: string,
  channel: string,
): Promise<{ config: unknown; view: ChannelConfigView; blockNumber: number }> {
  const org = organisation(orgKey);
  const endpoints = await ordererEndpointsOf(org, channel);
  return fetchConfigVia(org, channel, endpoints, orgLayout(org.key).tlsRootBundle);
}

/** Restarts the node if it runs (to read a changed trust bundle), else leaves it. */
async function restartIfRunning(kind: 'peer' | 'orderer', org: OrgTopology): Promise<void> {
  const spec = nodeSpec(kind, org.key);
  if (runningPid(spec) !== undefined) {
    await stopProcess(spec);
    await startProcess(spec);
  }
}

/** What {@link checkJoin} found. */
export interface JoinCheck {
  readonly channel: string;
  /** True if the organisation is in the block itself (a founder). */
  readonly founder: boolean;
  /** True if its orderer is one of the block's consenters. */
  readonly consenter: boolean;
  /** The configuration checked: the block's, or the channel's latest for a joiner. */
  readonly view: ChannelConfigView;
  /** Number of the block holding that configuration (0 for a founder). */
  readonly configBlock: number;
}

/**
 * The checks `org join` makes before joining anything. A founder: its own definition is in the
 * block exactly as it exports it, and the agreed policies. A joiner (not in the block): the
 * channel's latest configuration, fetched from an orderer named in the block, holds its
 * definition and the agreed policies.
 *
 * @throws ChannelCheckError naming every problem found
 */
export async function checkJoin(
  orgKey: string,
  channel: string,
  blockFile: string,
  definition: OrganisationDefinition = organisationDefinition(organisation(orgKey)),
  decoded?: ConfigBlock,
): Promise<JoinCheck> {
  const org = organisation(orgKey);
  const block = decoded ?? (await readConfigBlock(blockFile));
  if (block.channel !== channel) {
    throw new ChannelCheckError(
      `${blockFile} is the genesis block of ${block.channel}, not of ${channel}`,
    );
  }
  const founder = block.view.organisations.some((entry) => entry.mspId === definition.mspId);
  const consenter = block.view.consenters.some((entry) => entry.mspId === definition.mspId);
  let view = block.view;
  let configBlock = 0;
  if (!founder) {
    ({ view, blockNumber: configBlock } = await inScratch(async (dir) => {
      const caFile = join(dir, 'channel-roots.pem');
      writeFileSync(caFile, tlsBundleOf(block.view));
      try {
        return await fetchConfigVia(org, channel, ordererEndpoints(block.view), caFile);
      } catch (error) {
        const reason =
          error instanceof CommandError
            ? (error.message.split('\n').slice(1).join(' ') || error.message).trim()
            : String(error);
        throw new ChannelCheckError(
          `${org.key} does not join ${channel}: ${definition.mspId} is not in ${blockFile}, and ` +
            `the channel's latest configuration could not be fetched from its orderers to find ` +
            `it there (${reason})`,
        );
      }
    }));
  }
  const problems = [
    ...definitionProblems(view, definition, { asConsenter: consenter }),
    ...policyProblems(view),
  ];
  if (problems.length > 0) {
    const where = founder ? `the block ${blockFile}` : `the latest configuration of ${channel}`;
    throw new ChannelCheckError(
      `${org.key} does not join ${channel}: ${where} is not what was agreed:\n  ${problems.join('\n  ')}`,
    );
  }
  return { channel, founder, consenter, view, configBlock };
}

function tlsBundleOf(view: ChannelConfigView): string {
  const roots = new Set(
    view.organisations.flatMap((entry) => entry.tlsRoots.map((pem) => pem.trim())),
  );
  return `${[...roots].join('\n')}\n`;
}

/**
 * `org <org> join <channel> <genesis.block>`: checks (see {@link checkJoin}), trusts the
 * channel's organisations' TLS roots, then joins its orderer (if a consenter in the block) and
 * its peer with the genesis block; a joiner's peer then catches up from the orderers.
 */
export async function joinChannel(
  orgKey: string,
  channel: string,
  blockFile: string,
  log: Log = defaultLog,
  options: { decoded?: ConfigBlock } = {},
): Promise<JoinCheck> {
  checkChannelName(channel);
  const org = organisation(orgKey);
  const began = Date.now();
  // The one-machine network decodes the block once for every organisation's check.
  const check = await checkJoin(orgKey, channel, blockFile, undefined, options.decoded);
  log(
    `${org.key}: ${check.founder ? 'the block holds its definition as exported' : `the latest configuration of ${channel} holds its definition`} and the agreed policies`,
  );
  if (
    addTrustedRoots(
      org,
      check.view.organisations.flatMap((entry) => entry.tlsRoots),
    )
  ) {
    // Running nodes read their trust bundle at start.
    if (check.consenter) {
      await restartIfRunning('orderer', org);
    }
    await restartIfRunning('peer', org);
    log(
      `${org.key}: trusts the TLS roots of ${check.view.organisations.map((o) => o.mspId).join(', ')}`,
    );
  }
  if (check.consenter) {
    await startProcess(nodeSpec('orderer', org.key));
    await joinOrderer(org, channel, blockFile);
    log(`${org.key}: orderer joined ${channel}`);
  }
  await startProcess(nodeSpec('peer', org.key));
  await waitFor(`peer of ${org.key} to list its channels`, 60_000, () => joinedChannels(org));
  await joinPeer(org, channel, blockFile);
  if (!check.founder) {
    // A joiner's peer starts from block 0 and learns that its organisation is a member only
    // from the block that added it: approving before it holds that block is refused ("creator
    // org unknown"), so join returns once the peer has caught up to it.
    await waitFor(
      `peer of ${org.key} to catch up to block ${check.configBlock} of ${channel}`,
      120_000,
      async () => ((await peerHeight(org, channel)) > check.configBlock ? true : undefined),
      { progress: log },
    );
  }
  log(`${org.key}: peer joined ${channel} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return check;
}

/** The definition sequence the organisation approved last on the channel, with its package. */
async function approvedByOrg(
  org: OrgTopology,
  channel: string,
  sequence: number,
  chaincode: string,
): Promise<string | undefined> {
  try {
    const { stdout } = await peerCli(
      org,
      [
        'lifecycle',
        'chaincode',
        'queryapproved',
        '-C',
        channel,
        '-n',
        chaincode,
        '--sequence',
        String(sequence),
        '-O',
        'json',
      ],
      `querying its approval on ${channel}`,
    );
    const parsed = JSON.parse(stdout) as {
      source?: { Type?: { LocalPackage?: { package_id?: string } } };
    };
    return parsed.source?.Type?.LocalPackage?.package_id ?? '';
  } catch (error) {
    if (error instanceof CommandError) {
      return undefined;
    }
    throw error;
  }
}

/** What the one-machine network already knows when it approves on a channel it created. */
export interface ApproveOptions {
  /**
   * The channel was created just now and its package installed by `up`: nothing is committed
   * or approved yet, so those queries are skipped.
   */
  readonly newChannel?: boolean;
  /** The channel's orderer endpoints (else asked from its peer's discovery). */
  readonly orderers?: readonly string[];
  /**
   * The definition's name: the consortium's chaincode by default. Another name runs the same
   * package under a state namespace of its own on the channel (a rehearsal, or a test's).
   */
  readonly chaincode?: string;
}

/**
 * `org <org> approve <channel>`: packages its chaincode (naming its own chaincode server),
 * installs it on its own peer, starts its chaincode server, and approves the agreed definition
 * (the committed sequence if one is committed, else 1) with its own admin.
 */
export async function approveChaincode(
  orgKey: string,
  channel: string,
  log: Log = defaultLog,
  options: ApproveOptions = {},
): Promise<{ sequence: number }> {
  checkChannelName(channel);
  const chaincode = options.chaincode ?? CHAINCODE_NAME;
  checkChaincodeName(chaincode);
  const org = organisation(orgKey);
  const began = Date.now();
  const recorded = readOrgPackage(org.key);
  const generation = recorded?.generation ?? 1;
  const record = ensurePackage(org, generation);
  writeOrgPackage(org.key, { generation, ...record });
  if (options.newChannel !== true && (await ensureInstalled(org, record))) {
    log(`${org.key}: chaincode package ${record.label} installed on its peer`);
  }
  await startProcess(nodeSpec('chaincode', org.key));
  const committed =
    options.newChannel === true ? undefined : await committedDefinition(channel, org, chaincode);
  const sequence = committed?.sequence ?? 1;
  const version = committed?.version ?? `v${sequence}`;
  if (
    options.newChannel !== true &&
    (await approvedByOrg(org, channel, sequence, chaincode)) === record.packageId
  ) {
    log(`${org.key}: definition ${sequence} of ${chaincode} on ${channel} already approved`);
  } else {
    const endpoints =
      options.orderers ??
      (await waitFor(`the orderers of ${channel} (peer of ${org.key})`, 60_000, async () => {
        const found = await ordererEndpointsOf(org, channel);
        return found.length > 0 ? found : undefined;
      }));
    await withOrderers(endpoints, (endpoint) =>
      peerCli(
        org,
        [
          'lifecycle',
          'chaincode',
          'approveformyorg',
          '-C',
          channel,
          '-n',
          chaincode,
          '-v',
          version,
          '--sequence',
          String(sequence),
          '--package-id',
          record.packageId,
          ...ordererArgs(endpoint, orgLayout(org.key).tlsRootBundle),
        ],
        `approving the chaincode on ${channel}`,
      ),
    );
    log(
      `${org.key}: approved definition ${sequence} of ${chaincode} on ${channel} (package ${record.label})`,
    );
  }
  if (committed !== undefined) {
    await waitFor(`${chaincode} to answer on the peer of ${org.key}`, 60_000, async () =>
      (await chaincodeAnswers(org, channel, chaincode)) ? true : undefined,
    );
    log(`${org.key}: its peer runs the committed chaincode on ${channel}`);
  }
  log(`${org.key}: approve took ${((Date.now() - began) / 1000).toFixed(1)} s`);
  return { sequence };
}

/** Approvals by MSP id of a definition sequence, as the organisation's peer sees them. */
async function commitReadiness(
  org: OrgTopology,
  channel: string,
  sequence: number,
  chaincode: string,
): Promise<Record<string, boolean>> {
  const { stdout } = await peerCli(
    org,
    [
      'lifecycle',
      'chaincode',
      'checkcommitreadiness',
      '-C',
      channel,
      '-n',
      chaincode,
      '-v',
      `v${sequence}`,
      '--sequence',
      String(sequence),
      '-O',
      'json',
    ],
    `checking approvals of the chaincode on ${channel}`,
  );
  return (JSON.parse(stdout) as { approvals: Record<string, boolean> }).approvals;
}

/** Thrown when too few organisations approved or signed. */
export class MajorityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MajorityError';
  }
}

/**
 * `org <org> commit <channel>`: commits the next definition once a MAJORITY of the channel's
 * organisations approved it, endorsed by the approving organisations' anchor peers (endpoints
 * and TLS roots from the channel configuration). Does nothing if nothing is waiting.
 *
 * @throws MajorityError "2 of 4 organisations approved; MAJORITY needs 3"
 */
export async function commitChaincode(
  orgKey: string,
  channel: string,
  log: Log = defaultLog,
  options: { view?: ChannelConfigView; newChannel?: boolean; chaincode?: string } = {},
): Promise<{ sequence: number; committed: boolean }> {
  checkChannelName(channel);
  const chaincode = options.chaincode ?? CHAINCODE_NAME;
  checkChaincodeName(chaincode);
  const org = organisation(orgKey);
  const began = Date.now();
  const current =
    options.newChannel === true ? undefined : await committedDefinition(channel, org, chaincode);
  const sequence = (current?.sequence ?? 0) + 1;
  const approvals = await commitReadiness(org, channel, sequence, chaincode);
  const approving = Object.entries(approvals)
    .filter(([, approved]) => approved)
    .map(([mspId]) => mspId);
  if (current !== undefined && approving.length === 0) {
    log(`${org.key}: definition ${current.sequence} is committed on ${channel}; nothing to commit`);
    return { sequence: current.sequence, committed: false };
  }
  // The configuration the channel was created with, when the caller has just checked it.
  const view = options.view ?? (await fetchChannelConfig(org.key, channel)).view;
  const total = view.organisations.length;
  const needed = majorityOf(total);
  if (approving.length < needed) {
    throw new MajorityError(
      `${approving.length} of ${total} organisations approved; MAJORITY needs ${needed}`,
    );
  }
  await inScratch(async (dir) => {
    const endorsers = view.organisations
      .filter((entry) => approving.includes(entry.mspId))
      .flatMap((entry) => {
        const anchor = entry.anchorPeers[0];
        if (anchor === undefined) {
          return [];
        }
        const rootFile = join(dir, `${entry.mspId}.pem`);
        writeFileSync(rootFile, entry.tlsRoots.join('\n'));
        return ['--peerAddresses', `${anchor.host}:${anchor.port}`, '--tlsRootCertFiles', rootFile];
      });
    await withOrderers(ordererEndpoints(view), (endpoint) =>
      peerCli(
        org,
        [
          'lifecycle',
          'chaincode',
          'commit',
          '-C',
          channel,
          '-n',
          chaincode,
          '-v',
          `v${sequence}`,
          '--sequence',
          String(sequence),
          ...endorsers,
          ...ordererArgs(endpoint, orgLayout(org.key).tlsRootBundle),
        ],
        `committing the chaincode on ${channel}`,
      ),
    );
  });
  log(
    `${org.key}: definition ${sequence} of ${chaincode} committed on ${channel} ` +
      `(${approving.length} of ${total} approved) in ${((Date.now() - began) / 1000).toFixed(1)} s`,
  );
  return { sequence, committed: true };
}

/**
 * `org <org> ready <channel>`: waits until the chaincode committed on the channel is usable
 * through the organisation's own peer (it sees every member's peer, its chaincode answers, its
 * discovery finds endorsers). Right after a commit, a gateway's submit may otherwise be refused
 * for a few seconds with "no combination of peers can be derived".
 */
export async function waitChannelReady(
  orgKey: string,
  channel: string,
  log: Log = defaultLog,
  chaincode = CHAINCODE_NAME,
): Promise<void> {
  checkChannelName(channel);
  checkChaincodeName(chaincode);
  const org = organisation(orgKey);
  const began = Date.now();
  const { view } = await fetchChannelConfig(org.key, channel);
  await waitOrganisationReady(org, channel, view.organisations.length, { chaincode });
  log(
    `${org.key}: ${chaincode} on ${channel} is ready on its peer ` +
      `(${view.organisations.length} organisations seen) after ${((Date.now() - began) / 1000).toFixed(1)} s`,
  );
}
