/**
 * The channel configuration every channel of the network starts from, written as the
 * configtx.yaml that configtxgen reads, from the organisations' public definitions only
 * (configtxgen does not expand variables, so the file is generated with the real paths).
 *
 * - Ordering: SmartBFT over the consenters' orderers (one each: the four founders), channel
 *   capability V3_0; an organisation that is not a consenter is an application member only. Four BFT nodes tolerate one faulty or malicious orderer; Raft would tolerate one crash
 *   but trust every orderer not to lie.
 * - Endorsement: the channel's default `Endorsement` policy is MAJORITY of the organisations'
 *   peers (3 of 4), so no single organisation can write alone; chaincode definitions inherit it.
 *   Lifecycle changes need a majority too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { type OrganisationDefinition } from './organisation-definition';

/** The configtxgen profile name of the network's channels. */
export const CHANNEL_PROFILE = 'PacktraceChannel';

/**
 * SmartBFT batching. RequestBatchMaxInterval bounds how long a transaction waits for a block to
 * be cut, so it is most of the commit latency at low load (measured: about the interval plus
 * 20–60 ms); 100 ms keeps tests quick while still batching under load. Leader failure detection
 * is shortened from the defaults (1 min heartbeat timeout, 20 s complaint) so a killed leader
 * stalls ordering for seconds, not a minute; view changes cost little with four nodes.
 */
export const SMART_BFT_OPTIONS = {
  RequestBatchMaxCount: 500,
  RequestBatchMaxBytes: 10 * 1024 * 1024,
  RequestBatchMaxInterval: '100ms',
  IncomingMessageBufferSize: 200,
  RequestPoolSize: 10000,
  RequestForwardTimeout: '2s',
  RequestComplainTimeout: '8s',
  RequestAutoRemoveTimeout: '3m0s',
  ViewChangeResendInterval: '5s',
  ViewChangeTimeout: '20s',
  LeaderHeartbeatTimeout: '10s',
  LeaderHeartbeatCount: 10,
  CollectTimeout: '1s',
  SyncOnStart: false,
  SpeedUpViewChange: false,
};

/** Blocks are cut by count or size too; 500 transactions per block is never reached in tests. */
const BATCH_SIZE = { MaxMessageCount: 500, AbsoluteMaxBytes: '10 MB', PreferredMaxBytes: '2 MB' };

function signature(rule: string): { Type: string; Rule: string } {
  return { Type: 'Signature', Rule: rule };
}

function implicit(rule: string): { Type: string; Rule: string } {
  return { Type: 'ImplicitMeta', Rule: rule };
}

/** The NodeOUs of every organisation's MSP (the same roles from the same kind of CA). */
const NODE_OUS = `NodeOUs:
  Enable: true
  ClientOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: client
  PeerOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: peer
  AdminOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: admin
  OrdererOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: orderer
`;

/** Files configtxgen reads for one organisation, written from its definition. */
interface DefinitionFiles {
  readonly mspDir: string;
  readonly ordererIdentity?: string;
  readonly ordererTls?: string;
}

/**
 * Writes a definition's MSP folder (cacerts, tlscacerts, NodeOUs config.yaml) and its orderer
 * certificates into `dir`/<key>: everything configtxgen needs, all public.
 */
function writeDefinitionFiles(definition: OrganisationDefinition, dir: string): DefinitionFiles {
  const root = join(dir, definition.key);
  const mspDir = join(root, 'msp');
  mkdirSync(join(mspDir, 'cacerts'), { recursive: true });
  mkdirSync(join(mspDir, 'tlscacerts'), { recursive: true });
  writeFileSync(join(mspDir, 'cacerts', 'ca.pem'), definition.identityRootCertificate);
  writeFileSync(join(mspDir, 'tlscacerts', 'ca.pem'), definition.tlsRootCertificate);
  writeFileSync(join(mspDir, 'config.yaml'), NODE_OUS);
  if (definition.orderer === undefined) {
    return { mspDir };
  }
  const ordererIdentity = join(root, 'orderer-identity.pem');
  const ordererTls = join(root, 'orderer-tls.pem');
  writeFileSync(ordererIdentity, definition.orderer.identityCertificate);
  writeFileSync(ordererTls, definition.orderer.tlsCertificate);
  return { mspDir, ordererIdentity, ordererTls };
}

/** An organisation's entry in configtx.yaml's Organizations. */
function organisationEntry(
  definition: OrganisationDefinition,
  files: DefinitionFiles,
): Record<string, unknown> {
  const msp = definition.mspId;
  return {
    Name: msp,
    ID: msp,
    MSPDir: files.mspDir,
    Policies: {
      Readers: signature(`OR('${msp}.admin', '${msp}.peer', '${msp}.client', '${msp}.orderer')`),
      Writers: signature(`OR('${msp}.admin', '${msp}.client', '${msp}.orderer')`),
      Admins: signature(`OR('${msp}.admin')`),
      Endorsement: signature(`OR('${msp}.peer')`),
    },
    // Only a consenter has an orderer clients may send transactions to.
    ...(definition.orderer !== undefined
      ? {
          OrdererEndpoints: [
            `${definition.orderer.endpoint.host}:${definition.orderer.endpoint.port}`,
          ],
        }
      : {}),
    // Anchor peers in the genesis block: cross-organisation gossip needs no config update.
    AnchorPeers: [{ Host: definition.anchorPeer.host, Port: definition.anchorPeer.port }],
  };
}

/** The policies every channel is agreed to have (checked by `org join`). */
export const AGREED_POLICIES = {
  channelAdmins: 'MAJORITY Admins',
  ordererAdmins: 'MAJORITY Admins',
  applicationAdmins: 'MAJORITY Admins',
  endorsement: 'MAJORITY Endorsement',
  lifecycleEndorsement: 'MAJORITY Endorsement',
} as const;

/**
 * The configtx.yaml content for a channel of these organisations, in this order; the files it
 * names are written under `dir`.
 */
export function channelConfiguration(
  definitions: readonly OrganisationDefinition[],
  dir: string,
): Record<string, unknown> {
  const entries = definitions.map((definition) => ({
    definition,
    files: writeDefinitionFiles(definition, dir),
  }));
  const all = entries.map(({ definition, files }) => organisationEntry(definition, files));
  const consenting = entries.filter(({ definition }) => definition.orderer !== undefined);
  if (consenting.length === 0) {
    throw new Error('a channel needs at least one consenter (an organisation running an orderer)');
  }
  return {
    Profiles: {
      [CHANNEL_PROFILE]: {
        Policies: {
          Readers: implicit('ANY Readers'),
          Writers: implicit('ANY Writers'),
          Admins: implicit(AGREED_POLICIES.channelAdmins),
        },
        Capabilities: { V3_0: true },
        Orderer: {
          OrdererType: 'BFT',
          // Not used by SmartBFT (RequestBatchMaxInterval is), but configtxgen wants one.
          BatchTimeout: '2s',
          BatchSize: BATCH_SIZE,
          ConsenterMapping: consenting.map(({ definition, files }, index) => ({
            ID: index + 1,
            Host: definition.orderer?.endpoint.host,
            Port: definition.orderer?.endpoint.port,
            MSPID: definition.mspId,
            Identity: files.ordererIdentity,
            ClientTLSCert: files.ordererTls,
            ServerTLSCert: files.ordererTls,
          })),
          SmartBFT: SMART_BFT_OPTIONS,
          // The ordering service's organisations are the consenters; the others are members of
          // the application group only.
          Organizations: consenting.map(({ definition, files }) =>
            organisationEntry(definition, files),
          ),
          Policies: {
            Readers: implicit('ANY Readers'),
            Writers: implicit('ANY Writers'),
            Admins: implicit(AGREED_POLICIES.ordererAdmins),
            // Replaced by configtxgen with the BFT quorum of consenter signatures.
            BlockValidation: implicit('ANY Writers'),
          },
          Capabilities: { V2_0: true },
        },
        Application: {
          Organizations: all,
          Policies: {
            Readers: implicit('ANY Readers'),
            Writers: implicit('ANY Writers'),
            Admins: implicit(AGREED_POLICIES.applicationAdmins),
            LifecycleEndorsement: implicit(AGREED_POLICIES.lifecycleEndorsement),
            Endorsement: implicit(AGREED_POLICIES.endorsement),
          },
          Capabilities: { V2_5: true },
        },
      },
    },
  };
}

/**
 * Writes `dir`/configtx.yaml for a channel of these organisations (with their MSP folders and
 * orderer certificates beside it) and returns `dir`.
 */
export function writeConfigtx(definitions: readonly OrganisationDefinition[], dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'configtx.yaml'), stringify(channelConfiguration(definitions, dir)));
  return dir;
}

/**
 * Writes `dir`/configtx.yaml declaring only these organisations (no profile), from which
 * `configtxgen -printOrg` prints an organisation's channel group.
 */
export function writeOrganisationsConfigtx(
  definitions: readonly OrganisationDefinition[],
  dir: string,
): string {
  mkdirSync(dir, { recursive: true });
  const organisations = definitions.map((definition) =>
    organisationEntry(definition, writeDefinitionFiles(definition, dir)),
  );
  writeFileSync(join(dir, 'configtx.yaml'), stringify({ Organizations: organisations }));
  return dir;
}
