/**
 * Changing who is in a running channel: an existing member proposes adding (or removing) an
 * application organisation as a configuration-update envelope, each member's admin signs the
 * file on its own host, and any member submits it once the channel's admin policy (MAJORITY
 * Admins of the application organisations) is met. The envelope is public: it carries
 * certificates and signatures, never a key.
 */
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import { peerCli } from './admin-tools';
import { checkChannelName } from './channel';
import { writeOrganisationsConfigtx } from './channel-config';
import { runCommand, waitFor } from './commands';
import { computeUpdate, decode, encode } from './configtxlator';
import { tool } from './fabric-binaries';
import { defaultLog, type Log } from './log';
import { fetchChannelConfig, MajorityError, majorityOf } from './organisation-channel';
import { readDefinition } from './organisation-definition';
import { orgLayout } from './paths';
import { organisation } from './topology';

type Json = Record<string, unknown>;

function inScratch<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'packtrace-update-'));
  return work(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

function applicationGroups(config: unknown): Json {
  const groups = (config as { channel_group?: { groups?: { Application?: { groups?: Json } } } })
    .channel_group?.groups?.Application?.groups;
  if (groups === undefined) {
    throw new Error('the channel configuration has no application group');
  }
  return groups;
}

function ordererGroups(config: unknown): Json {
  return (
    (config as { channel_group?: { groups?: { Orderer?: { groups?: Json } } } }).channel_group
      ?.groups?.Orderer?.groups ?? {}
  );
}

/** Wraps a config update (protobuf) into an unsigned envelope and writes it. */
async function writeEnvelope(channel: string, update: Buffer, out: string): Promise<void> {
  const envelope = {
    payload: {
      header: { channel_header: { channel_id: channel, type: 2 } },
      data: { config_update: await decode('common.ConfigUpdate', update) },
    },
  };
  const bytes = await encode('common.Envelope', envelope);
  writeFileSync(`${out}.tmp`, bytes);
  renameSync(`${out}.tmp`, out);
}

/**
 * `org <org> propose-add <channel> <definition.json> <update.pb>`: the configuration update
 * adding that organisation (MSP, policies, anchor peer) as an application organisation,
 * computed against the channel's current configuration fetched with its own admin; unsigned.
 * A consenter is refused: a joiner runs no orderer.
 */
export async function proposeAdd(
  orgKey: string,
  channel: string,
  definitionFile: string,
  out: string,
  log: Log = defaultLog,
): Promise<void> {
  checkChannelName(channel);
  const org = organisation(orgKey);
  const definition = readDefinition(definitionFile);
  if (definition.consenter) {
    throw new Error(
      `${definition.key} is a consenter in ${definitionFile}: an organisation joins a running ` +
        'channel as an application organisation (peer, CA, chaincode server), not as one of its ' +
        'SmartBFT orderers; its definition must say "consenter": false',
    );
  }
  const { config } = await fetchChannelConfig(org.key, channel);
  const groups = applicationGroups(config);
  if (groups[definition.mspId] !== undefined) {
    throw new Error(`${definition.mspId} is a member of ${channel} already`);
  }
  const group = await inScratch(async (dir) => {
    writeOrganisationsConfigtx([definition], dir);
    const { stdout } = await runCommand(
      tool('configtxgen'),
      ['-configPath', dir, '-printOrg', definition.mspId],
      { what: `describing ${definition.mspId} for ${channel}` },
    );
    return JSON.parse(stdout) as unknown;
  });
  const updated = structuredClone(config);
  applicationGroups(updated)[definition.mspId] = group;
  await writeEnvelope(channel, await computeUpdate(channel, config, updated), out);
  log(
    `${org.key}: update adding ${definition.mspId} (${definition.name}) to ${channel} written to ` +
      `${out}, unsigned`,
  );
}

/** An organisation key of consortium.json, or an MSP id as it is. */
function mspIdOf(keyOrMspId: string): string {
  return consortium.organisations.find((org) => org.key === keyOrMspId)?.mspId ?? keyOrMspId;
}

/**
 * `org <org> propose-remove <channel> <orgKey> <update.pb>`: the configuration update removing
 * an application organisation; unsigned. A consenter is refused (its orderer is part of the
 * ordering service's quorum).
 */
export async function proposeRemove(
  orgKey: string,
  channel: string,
  removedKey: string,
  out: string,
  log: Log = defaultLog,
): Promise<void> {
  checkChannelName(channel);
  const org = organisation(orgKey);
  const mspId = mspIdOf(removedKey);
  const { config } = await fetchChannelConfig(org.key, channel);
  if (ordererGroups(config)[mspId] !== undefined) {
    throw new Error(
      `${removedKey} (${mspId}) runs one of the channel's SmartBFT orderers: removing a consenter ` +
        'changes the ordering service and is not done by propose-remove',
    );
  }
  if (applicationGroups(config)[mspId] === undefined) {
    throw new Error(`${removedKey} (${mspId}) is not a member of ${channel}`);
  }
  const updated = structuredClone(config);
  const groups = applicationGroups(updated);
  delete groups[mspId];
  await writeEnvelope(channel, await computeUpdate(channel, config, updated), out);
  log(`${org.key}: update removing ${mspId} from ${channel} written to ${out}, unsigned`);
}

/** What a configuration-update envelope changes and who signed it. */
export interface UpdateSummary {
  readonly channel: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** MSP ids of the signatures it carries. */
  readonly signedBy: readonly string[];
}

/**
 * Reads an update envelope file. An update lists the organisations it keeps, not those it
 * drops: what it removes is known against the channel's current members, when given.
 */
export async function describeUpdate(
  file: string,
  members?: readonly string[],
): Promise<UpdateSummary> {
  let envelope: unknown;
  try {
    envelope = await decode('common.Envelope', readFileSync(file));
  } catch {
    throw new Error(`${file} is not a configuration-update envelope`);
  }
  const payload = (envelope as { payload?: Json }).payload;
  const data = payload?.['data'] as
    | {
        config_update?: {
          channel_id?: string;
          read_set?: { groups?: { Application?: { groups?: Json } } };
          write_set?: { groups?: { Application?: { groups?: Json } } };
        };
        signatures?: { signature_header?: { creator?: { mspid?: string } } }[];
      }
    | undefined;
  const update = data?.config_update;
  if (update?.channel_id === undefined) {
    throw new Error(`${file} is not a configuration-update envelope`);
  }
  const before = Object.keys(update.read_set?.groups?.Application?.groups ?? {});
  const written = update.write_set?.groups?.Application?.groups;
  const after = Object.keys(written ?? {});
  const current = members ?? before;
  return {
    channel: update.channel_id,
    added: after.filter((mspId) => !current.includes(mspId)),
    // Only an application group written anew lists every organisation it keeps.
    removed: written === undefined ? [] : current.filter((mspId) => !after.includes(mspId)),
    signedBy: [
      ...new Set(
        (data?.signatures ?? []).map(
          (signature) => signature.signature_header?.creator?.mspid ?? '?',
        ),
      ),
    ],
  };
}

function changes(summary: UpdateSummary): string {
  const parts = [
    ...summary.added.map((mspId) => `adds ${mspId}`),
    ...summary.removed.map((mspId) => `removes ${mspId}`),
  ];
  return parts.length > 0 ? parts.join(', ') : 'changes no organisation';
}

/**
 * `org <org> sign <update.pb>`: prints what the update changes and adds the organisation's admin
 * signature to the file in place (once).
 */
export async function signUpdate(
  orgKey: string,
  file: string,
  log: Log = defaultLog,
): Promise<UpdateSummary> {
  const org = organisation(orgKey);
  const { channel } = await describeUpdate(file);
  const { view } = await fetchChannelConfig(org.key, channel);
  const members = view.organisations.map((entry) => entry.mspId);
  const summary = await describeUpdate(file, members);
  log(`${org.key}: the update of ${summary.channel} ${changes(summary)}`);
  if (summary.signedBy.includes(org.mspId)) {
    log(`${org.key}: already signed by ${org.mspId}; signed by ${summary.signedBy.join(', ')}`);
    return summary;
  }
  await peerCli(
    org,
    ['channel', 'signconfigtx', '-f', file],
    `signing the update of ${summary.channel}`,
  );
  const signed = await describeUpdate(file, members);
  log(`${org.key}: signed; now signed by ${signed.signedBy.join(', ')}`);
  return signed;
}

/** Whether the orderers' latest configuration of the channel shows the update. */
async function inEffect(orgKey: string, channel: string, summary: UpdateSummary): Promise<boolean> {
  const { view } = await fetchChannelConfig(orgKey, channel);
  const members = view.organisations.map((entry) => entry.mspId);
  return (
    summary.added.every((mspId) => members.includes(mspId)) &&
    summary.removed.every((mspId) => !members.includes(mspId))
  );
}

/**
 * Waits up to `withinMs` until the update is in effect; false if it is not by then. The peer
 * CLI returns once the orderer accepted the envelope, before it is ordered, and until then a
 * removed organisation's users can still write (seen in the hosts test, 0.1-5.5 s after).
 */
async function waitInEffect(
  orgKey: string,
  channel: string,
  summary: UpdateSummary,
  withinMs: number,
  log: Log,
): Promise<boolean> {
  try {
    await waitFor(
      `the update of ${channel} to take effect (${changes(summary)})`,
      withinMs,
      async () => ((await inEffect(orgKey, channel, summary)) ? true : undefined),
      { intervalMs: 500, progress: log },
    );
    return true;
  } catch (error) {
    if (error instanceof Error && error.message.startsWith('timed out')) {
      return false;
    }
    throw error;
  }
}

/** How long one orderer is given to order an update before it is sent through the next. */
const ORDERING_PATIENCE_MS = 20_000;
/** How long `submit` tries in all. */
const SUBMIT_DEADLINE_MS = 120_000;

/**
 * `org <org> submit <channel> <update.pb>`: submits the update signed by its own admin too, if
 * the signatures meet the channel's admin policy (MAJORITY of the application organisations).
 *
 * @throws MajorityError "signed by 2 of 4 organisations; MAJORITY needs 3"
 */
export async function submitUpdate(
  orgKey: string,
  channel: string,
  file: string,
  log: Log = defaultLog,
): Promise<UpdateSummary> {
  checkChannelName(channel);
  const org = organisation(orgKey);
  const { view } = await fetchChannelConfig(org.key, channel);
  const members = view.organisations.map((entry) => entry.mspId);
  const summary = await describeUpdate(file, members);
  if (summary.channel !== channel) {
    throw new Error(`${file} updates ${summary.channel}, not ${channel}`);
  }
  const signers = [...new Set([...summary.signedBy, org.mspId])].filter((mspId) =>
    members.includes(mspId),
  );
  const needed = majorityOf(members.length);
  if (signers.length < needed) {
    throw new MajorityError(
      `signed by ${signers.length} of ${members.length} organisations; MAJORITY needs ${needed}`,
    );
  }
  const endpoints = view.consenters.map((c) => `${c.endpoint.host}:${c.endpoint.port}`);
  if (endpoints.length === 0) {
    throw new Error(`the configuration of ${channel} names no orderer to submit to`);
  }
  // SmartBFT may hold an accepted envelope unordered for minutes while its nodes change views
  // (seen after a consenter's host came back from being cut off: one removal not ordered
  // within 60 s). An operator then sends the update through another orderer: if both copies
  // get ordered, the second fails the configuration's version check and changes nothing.
  const began = Date.now();
  for (let attempt = 0; ; attempt += 1) {
    const endpoint = endpoints[attempt % endpoints.length] ?? '';
    try {
      await peerCli(
        org,
        [
          'channel',
          'update',
          '-f',
          file,
          '-c',
          channel,
          '-o',
          endpoint,
          '--tls',
          '--cafile',
          orgLayout(org.key).tlsRootBundle,
        ],
        `submitting the update of ${channel}`,
      );
      log(
        `${org.key}: update of ${channel} submitted through ${endpoint} (${changes(summary)}; ` +
          `signed by ${signers.join(', ')})`,
      );
    } catch (error) {
      // A copy sent earlier may have been ordered meanwhile, making this one stale.
      if (attempt > 0 && (await inEffect(org.key, channel, summary))) {
        break;
      }
      if (!(
        error instanceof Error && /connection refused|deadline exceeded/i.test(error.message)
      )) {
        throw error;
      }
      if (Date.now() - began > SUBMIT_DEADLINE_MS) {
        throw error;
      }
      continue;
    }
    const left = SUBMIT_DEADLINE_MS - (Date.now() - began);
    if (await waitInEffect(org.key, channel, summary, Math.min(ORDERING_PATIENCE_MS, left), log)) {
      break;
    }
    if (Date.now() - began >= SUBMIT_DEADLINE_MS) {
      throw new Error(
        `the update of ${channel} (${changes(summary)}) was not in effect ` +
          `${Math.round(SUBMIT_DEADLINE_MS / 1000)} s after submitting it through ${attempt + 1} orderer(s)`,
      );
    }
    log(
      `${org.key}: update of ${channel} not in effect ${ORDERING_PATIENCE_MS / 1000} s after ` +
        `submitting through ${endpoint}; sending it through the next orderer`,
    );
  }
  log(
    `${org.key}: update of ${channel} in effect ${((Date.now() - began) / 1000).toFixed(1)} s after submitting`,
  );
  return summary;
}
