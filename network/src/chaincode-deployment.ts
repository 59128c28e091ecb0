/**
 * Chaincode as a service: one package per organisation (its connection.json names that
 * organisation's own chaincode server), installed on its own peer and approved by its own
 * organisation; the definition is committed per channel. The endorsement policy is not given
 * here: the definition takes the channel's default, `/Channel/Application/Endorsement`, which the
 * channel configuration sets to MAJORITY (see channel-config.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import { ordererArgs, peerCli, withOrderer } from './admin-tools';
import { CommandError, waitFor } from './commands';
import { type PackageRecord, readState } from './network-state';
import { orgLayout } from './paths';
import { tarGz } from './tar-gz';
import { organisations, type OrgTopology } from './topology';

/** The chaincode's name on every channel. */
export const CHAINCODE_NAME = consortium.chaincode;

/** Fabric's rule for a chaincode definition's name. */
const CHAINCODE_DEFINITION_NAME = /^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*$/;

/**
 * Refuses a chaincode definition name Fabric would refuse, before any command runs.
 *
 * @throws Error "invalid chaincode name 'x y': ..."
 */
export function checkChaincodeName(name: string): void {
  if (!CHAINCODE_DEFINITION_NAME.test(name) || name.length > 64) {
    throw new Error(
      `invalid chaincode name '${name}': letters and digits, single '-' or '_' between them, at most 64 characters`,
    );
  }
}

/** Package label of an organisation's package of a given generation (a new one per upgrade). */
function packageLabel(org: OrgTopology, generation: number): string {
  return `${CHAINCODE_NAME}_${org.key}_${generation}`;
}

/**
 * Writes the organisation's CCaaS package for a generation (once) and returns its id, which is
 * the label and the SHA-256 of the package file, exactly as the peer computes it.
 */
export function ensurePackage(org: OrgTopology, generation: number): PackageRecord {
  const layout = orgLayout(org.key);
  const label = packageLabel(org, generation);
  const file = join(layout.chaincode.packages, `${label}.tar.gz`);
  if (!existsSync(file)) {
    const connection = {
      address: `${org.host}:${org.ports.chaincode}`,
      dial_timeout: '10s',
      tls_required: true,
      // Mutual TLS: the peer shows its TLS certificate, the server checks it against the CA.
      client_auth_required: true,
      root_cert: readFileSync(layout.caCert, 'utf8'),
      client_cert: readFileSync(layout.peer.tls.cert, 'utf8'),
      client_key: readFileSync(layout.peer.tls.key, 'utf8'),
    };
    const code = tarGz([
      { name: 'connection.json', content: Buffer.from(JSON.stringify(connection, null, 2)) },
    ]);
    const metadata = Buffer.from(JSON.stringify({ type: 'ccaas', label }));
    mkdirSync(layout.chaincode.packages, { recursive: true, mode: 0o700 });
    // The package holds the peer's TLS key: owner-only, like every other key.
    writeFileSync(
      file,
      tarGz([
        { name: 'metadata.json', content: metadata },
        { name: 'code.tar.gz', content: code },
      ]),
      { mode: 0o600 },
    );
  }
  const hash = createHash('sha256').update(readFileSync(file)).digest('hex');
  return { label, packageId: `${label}:${hash}`, file };
}

/** Installs the package on the organisation's peer unless it is there already. */
export async function ensureInstalled(org: OrgTopology, record: PackageRecord): Promise<boolean> {
  // A peer that has just started may answer its health check before its gRPC service.
  const { stdout } = await waitFor(`${org.key}'s peer to list its chaincode`, 60_000, () =>
    peerCli(
      org,
      ['lifecycle', 'chaincode', 'queryinstalled', '--output', 'json'],
      'listing installed chaincode',
    ),
  );
  const installed = (
    JSON.parse(stdout || '{}') as {
      installed_chaincodes?: { package_id: string }[];
    }
  ).installed_chaincodes;
  if (installed?.some((entry) => entry.package_id === record.packageId)) {
    return false;
  }
  await peerCli(
    org,
    ['lifecycle', 'chaincode', 'install', record.file],
    `installing chaincode package ${record.label}`,
  );
  return true;
}

/** Runs a `peer lifecycle chaincode <query>` for the chaincode on a channel, as JSON. */
async function lifecycleQuery<T>(
  org: OrgTopology,
  query: 'querycommitted' | 'queryapproved',
  channel: string,
  chaincode = CHAINCODE_NAME,
): Promise<T> {
  const { stdout } = await peerCli(
    org,
    ['lifecycle', 'chaincode', query, '-C', channel, '-n', chaincode, '-O', 'json'],
    `querying the chaincode ${query === 'querycommitted' ? 'committed' : 'approved'} on ${channel}`,
  );
  return JSON.parse(stdout) as T;
}

/** The committed definition of the chaincode (by default the consortium's) on a channel, or undefined. */
export async function committedDefinition(
  channel: string,
  org: OrgTopology = firstOrg(),
  chaincode = CHAINCODE_NAME,
): Promise<{ sequence: number; version: string } | undefined> {
  try {
    const parsed = await lifecycleQuery<{ sequence: number; version: string }>(
      org,
      'querycommitted',
      channel,
      chaincode,
    );
    return { sequence: parsed.sequence, version: parsed.version };
  } catch (error) {
    if (error instanceof CommandError && /not defined|not found/i.test(error.output)) {
      return undefined;
    }
    throw error;
  }
}

/** The package id the organisation approved in the channel's latest definition it approved. */
async function approvedPackageId(org: OrgTopology, channel: string): Promise<string | undefined> {
  try {
    const parsed = await lifecycleQuery<{
      source?: { Type?: { LocalPackage?: { package_id?: string } } };
    }>(org, 'queryapproved', channel);
    return parsed.source?.Type?.LocalPackage?.package_id;
  } catch (error) {
    if (error instanceof CommandError) {
      return undefined;
    }
    throw error;
  }
}

/**
 * True if some organisation's approved package on the channel is not the package its chaincode
 * server now runs (an upgrade was interrupted after the servers were restarted).
 */
export async function definitionOutdated(channel: string): Promise<boolean> {
  const packages = readState().chaincode?.packages ?? {};
  const approved = await Promise.all(
    organisations().map(
      async (org) => (await approvedPackageId(org, channel)) === packages[org.key]?.packageId,
    ),
  );
  return approved.includes(false);
}

function firstOrg(): OrgTopology {
  const [org] = organisations();
  if (org === undefined) {
    throw new Error('consortium.json declares no organisation');
  }
  return org;
}

function definitionArgs(channel: string, sequence: number): string[] {
  return [
    '-C',
    channel,
    '-n',
    CHAINCODE_NAME,
    '-v',
    `v${sequence}`,
    '--sequence',
    String(sequence),
  ];
}

async function approvals(channel: string, sequence: number): Promise<Record<string, boolean>> {
  const { stdout } = await peerCli(
    firstOrg(),
    [
      'lifecycle',
      'chaincode',
      'checkcommitreadiness',
      ...definitionArgs(channel, sequence),
      '-O',
      'json',
    ],
    `checking approvals of the chaincode on ${channel}`,
  );
  return (JSON.parse(stdout) as { approvals: Record<string, boolean> }).approvals;
}

/**
 * Brings the chaincode definition on a channel to `sequence`: each organisation that has not
 * yet approved approves with its own package, then the definition is committed. Does nothing if
 * that sequence is committed already.
 */
export async function deployDefinition(channel: string, sequence: number): Promise<boolean> {
  const committed = await committedDefinition(channel);
  if (committed !== undefined && committed.sequence >= sequence) {
    return false;
  }
  const packages = readState().chaincode?.packages ?? {};
  const approved = await approvals(channel, sequence);
  await Promise.all(
    organisations()
      .filter((org) => approved[org.mspId] !== true)
      .map((org) => {
        const record = packages[org.key];
        if (record === undefined) {
          throw new Error(`no chaincode package recorded for ${org.key}`);
        }
        return withOrderer(org, (orderer) =>
          peerCli(
            org,
            [
              'lifecycle',
              'chaincode',
              'approveformyorg',
              ...definitionArgs(channel, sequence),
              '--package-id',
              record.packageId,
              ...ordererArgs(org, orderer),
            ],
            `approving the chaincode on ${channel}`,
          ),
        );
      }),
  );
  const committer = firstOrg();
  const endorsers = organisations().flatMap((org) => [
    '--peerAddresses',
    `${org.host}:${org.ports.peer}`,
    '--tlsRootCertFiles',
    orgLayout(org.key).caCert,
  ]);
  try {
    await withOrderer(committer, (orderer) =>
      peerCli(
        committer,
        [
          'lifecycle',
          'chaincode',
          'commit',
          ...definitionArgs(channel, sequence),
          ...endorsers,
          ...ordererArgs(committer, orderer),
        ],
        `committing the chaincode on ${channel}`,
      ),
    );
  } catch (error) {
    // Another process committed the same definition meanwhile.
    const now = await committedDefinition(channel);
    if (now === undefined || now.sequence < sequence) {
      throw error;
    }
  }
  return true;
}

/** The channels the organisation's peer has joined. */
export async function joinedChannels(org: OrgTopology): Promise<string[]> {
  const { stdout } = await peerCli(org, ['channel', 'list'], 'listing channels');
  return stdout
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[a-z][a-z0-9.-]*$/.test(line));
}
