/**
 * The channel configuration every channel of the network starts from, written as the
 * configtx.yaml that configtxgen reads (configtxgen does not expand variables, so the file is
 * generated with the real paths and ports).
 *
 * - Ordering: SmartBFT over the four organisations' orderers (one each), channel capability
 *   V3_0. Four BFT nodes tolerate one faulty or malicious orderer; Raft would tolerate one crash
 *   but trust every orderer not to lie.
 * - Endorsement: the channel's default `Endorsement` policy is MAJORITY of the organisations'
 *   peers (3 of 4), so no single organisation can write alone; chaincode definitions inherit it.
 *   Lifecycle changes need a majority too.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { channelsDir, orgLayout } from './paths';
import { consenters, organisations, type OrgTopology } from './topology';

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

function organisationDefinition(org: OrgTopology): Record<string, unknown> {
  const msp = org.mspId;
  return {
    Name: msp,
    ID: msp,
    MSPDir: orgLayout(org.key).msp,
    Policies: {
      Readers: signature(`OR('${msp}.admin', '${msp}.peer', '${msp}.client', '${msp}.orderer')`),
      Writers: signature(`OR('${msp}.admin', '${msp}.client', '${msp}.orderer')`),
      Admins: signature(`OR('${msp}.admin')`),
      Endorsement: signature(`OR('${msp}.peer')`),
    },
    // Only a consenter has an orderer clients may send transactions to.
    ...(org.consenter ? { OrdererEndpoints: [`${org.host}:${org.ports.orderer}`] } : {}),
    // Anchor peers in the genesis block: cross-organisation gossip needs no config update.
    AnchorPeers: [{ Host: org.host, Port: org.ports.peer }],
  };
}

/** The configtx.yaml content. */
export function channelConfiguration(): Record<string, unknown> {
  const orgs = organisations();
  const definitions = orgs.map(organisationDefinition);
  return {
    Profiles: {
      [CHANNEL_PROFILE]: {
        Policies: {
          Readers: implicit('ANY Readers'),
          Writers: implicit('ANY Writers'),
          Admins: implicit('MAJORITY Admins'),
        },
        Capabilities: { V3_0: true },
        Orderer: {
          OrdererType: 'BFT',
          // Not used by SmartBFT (RequestBatchMaxInterval is), but configtxgen wants one.
          BatchTimeout: '2s',
          BatchSize: BATCH_SIZE,
          ConsenterMapping: consenters().map((org, index) => {
            const orderer = orgLayout(org.key).orderer;
            return {
              ID: index + 1,
              Host: org.host,
              Port: org.ports.orderer,
              MSPID: org.mspId,
              Identity: orderer.msp.cert,
              ClientTLSCert: orderer.tls.cert,
              ServerTLSCert: orderer.tls.cert,
            };
          }),
          SmartBFT: SMART_BFT_OPTIONS,
          // The ordering service's organisations are the consenters; the others are members of
          // the application group only.
          Organizations: orgs.filter((org) => org.consenter).map(organisationDefinition),
          Policies: {
            Readers: implicit('ANY Readers'),
            Writers: implicit('ANY Writers'),
            Admins: implicit('MAJORITY Admins'),
            // Replaced by configtxgen with the BFT quorum of consenter signatures.
            BlockValidation: implicit('ANY Writers'),
          },
          Capabilities: { V2_0: true },
        },
        Application: {
          Organizations: definitions,
          Policies: {
            Readers: implicit('ANY Readers'),
            Writers: implicit('ANY Writers'),
            Admins: implicit('MAJORITY Admins'),
            LifecycleEndorsement: implicit('MAJORITY Endorsement'),
            Endorsement: implicit('MAJORITY Endorsement'),
          },
          Capabilities: { V2_5: true },
        },
      },
    },
  };
}

/** The folder holding the generated configtx.yaml. */
export function configtxDir(): string {
  return join(channelsDir(), 'config');
}

/** Writes configtx.yaml (derived from the topology and the enrolled certificates). */
export function writeChannelConfiguration(): void {
  mkdirSync(configtxDir(), { recursive: true });
  writeFileSync(join(configtxDir(), 'configtx.yaml'), stringify(channelConfiguration()));
}
