/**
 * Each node's configuration file, written into the organisation's folder from Fabric's own
 * sample core.yaml / orderer.yaml with structural edits (the samples' indentation differs
 * between releases, so no line-based editing). Files are rewritten on every `up`: they are
 * derived from the topology, so a changed port or host takes effect on the next start.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Document, parseDocument } from 'yaml';
import { sampleConfig } from './fabric-binaries';
import { NETWORK_ROOT, orgLayout } from './paths';
import { type OrgTopology } from './topology';

/** The project's chaincode-as-a-service builder (detect/build/release). */
export const CCAAS_BUILDER_DIR = join(NETWORK_ROOT, 'builders', 'ccaas');

function edit(doc: Document, settings: Record<string, unknown>): void {
  for (const [path, value] of Object.entries(settings)) {
    doc.setIn(path.split('.'), doc.createNode(value));
  }
}

function load(name: 'core.yaml' | 'orderer.yaml'): Document {
  return parseDocument(readFileSync(sampleConfig(name), 'utf8'));
}

/** Folder holding the peer's core.yaml (its FABRIC_CFG_PATH, also used by the peer CLI). */
export function peerConfigDir(org: OrgTopology): string {
  return orgLayout(org.key).peer.dir;
}

/** Folder holding the orderer's orderer.yaml (its FABRIC_CFG_PATH). */
export function ordererConfigDir(org: OrgTopology): string {
  return orgLayout(org.key).orderer.dir;
}

/** Writes the peer's core.yaml. */
export function writePeerConfig(org: OrgTopology): void {
  const layout = orgLayout(org.key);
  const peer = layout.peer;
  const endpoint = `${org.host}:${org.ports.peer}`;
  const doc = load('core.yaml');
  edit(doc, {
    'peer.id': `peer0.${org.key}`,
    'peer.networkId': 'packtrace',
    'peer.listenAddress': `${org.listenHost}:${org.ports.peer}`,
    'peer.address': endpoint,
    'peer.chaincodeListenAddress': `${org.listenHost}:${org.ports.peerChaincode}`,
    'peer.chaincodeAddress': `${org.host}:${org.ports.peerChaincode}`,
    // One peer per organisation: it is its own bootstrap peer and its organisation's leader.
    'peer.gossip.bootstrap': endpoint,
    'peer.gossip.endpoint': endpoint,
    // Other organisations learn the peer through this (and the anchor peer in the channel).
    'peer.gossip.externalEndpoint': endpoint,
    'peer.gossip.useLeaderElection': false,
    'peer.gossip.orgLeader': true,
    // Default 25 s: cross-organisation membership would form half a minute after a start.
    'peer.gossip.reconnectInterval': '5s',
    // peer.gossip.publishStateInfoInterval / requestStateInfoInterval stay at 4 s: 1 s did not
    // make channel creation faster (state info is pushed on join and on chaincode changes) but
    // tripled each peer's idle CPU per channel (about 0.8 % of a core per channel at 1 s).
    'peer.tls.enabled': true,
    'peer.tls.clientAuthRequired': false,
    'peer.tls.cert.file': peer.tls.cert,
    'peer.tls.key.file': peer.tls.key,
    // Every organisation's TLS root: gossip dials the other organisations' peers.
    'peer.tls.rootcert.file': layout.tlsRootBundle,
    'peer.tls.clientRootCAs.files': [layout.tlsRootBundle],
    'peer.fileSystemPath': peer.data,
    'peer.mspConfigPath': peer.msp.dir,
    'peer.localMspId': org.mspId,
    'ledger.snapshots.rootDir': join(peer.data, 'snapshots'),
    'operations.listenAddress': `${org.listenHost}:${org.ports.peerOperations}`,
    'operations.tls.enabled': true,
    'operations.tls.cert.file': peer.tls.cert,
    'operations.tls.key.file': peer.tls.key,
    // /healthz is open; /metrics and /logspec want a client certificate from the organisation.
    'operations.tls.clientAuthRequired': false,
    'operations.tls.clientRootCAs.files': [layout.caCert],
    'metrics.provider': 'prometheus',
    // Must be blank in the file itself: with the Docker default /healthz answers 503, and an
    // empty CORE_VM_ENDPOINT does not override it.
    'vm.endpoint': '',
    'chaincode.externalBuilders': [{ name: 'ccaas', path: CCAAS_BUILDER_DIR }],
    // Default 30 s, shorter than the gateway's 60 s endorsement deadline (DEFAULT_DEADLINES in
    // @packtrace/ledger): a 5,000-serial commissioning chunk, two in flight, passed 30 s on a
    // busy 2-core machine and the peer gave up ("error sending: timeout") while the client was
    // still prepared to wait. The peer now waits as long as its clients do.
    'chaincode.executetimeout': '60s',
    'chaincode.logging.level': 'warning',
    'chaincode.logging.shim': 'warning',
  });
  mkdirSync(peer.dir, { recursive: true });
  writeFileSync(join(peer.dir, 'core.yaml'), doc.toString());
}

/** Writes the orderer's orderer.yaml. */
export function writeOrdererConfig(org: OrgTopology): void {
  const layout = orgLayout(org.key);
  const orderer = layout.orderer;
  const doc = load('orderer.yaml');
  edit(doc, {
    'General.ListenAddress': org.listenHost,
    'General.ListenPort': org.ports.orderer,
    'General.TLS.Enabled': true,
    'General.TLS.PrivateKey': orderer.tls.key,
    'General.TLS.Certificate': orderer.tls.cert,
    'General.TLS.RootCAs': [layout.tlsRootBundle],
    'General.TLS.ClientAuthRequired': false,
    'General.TLS.ClientRootCAs': [layout.tlsRootBundle],
    // Consensus traffic shares the main listener, authenticated by these TLS pairs.
    'General.Cluster.ClientCertificate': orderer.tls.cert,
    'General.Cluster.ClientPrivateKey': orderer.tls.key,
    'General.Cluster.RootCAs': [layout.tlsRootBundle],
    // No system channel: channels are joined through the admin endpoint.
    'General.BootstrapMethod': 'none',
    'General.LocalMSPDir': orderer.msp.dir,
    'General.LocalMSPID': org.mspId,
    'FileLedger.Location': join(orderer.data, 'ledger'),
    'Consensus.WALDir': join(orderer.data, 'wal'),
    'Consensus.SnapDir': join(orderer.data, 'snapshot'),
    'Operations.ListenAddress': `${org.listenHost}:${org.ports.ordererOperations}`,
    'Operations.TLS.Enabled': true,
    'Operations.TLS.Certificate': orderer.tls.cert,
    'Operations.TLS.PrivateKey': orderer.tls.key,
    'Operations.TLS.ClientAuthRequired': false,
    'Operations.TLS.ClientRootCAs': [layout.caCert],
    'Metrics.Provider': 'prometheus',
    'Admin.ListenAddress': `${org.listenHost}:${org.ports.ordererAdmin}`,
    'Admin.TLS.Enabled': true,
    'Admin.TLS.Certificate': orderer.tls.cert,
    'Admin.TLS.PrivateKey': orderer.tls.key,
    'Admin.TLS.ClientAuthRequired': true,
    // Only the organisation's own admins may join its orderer to channels.
    'Admin.TLS.ClientRootCAs': [layout.caCert],
    'ChannelParticipation.Enabled': true,
  });
  mkdirSync(orderer.dir, { recursive: true });
  writeFileSync(join(orderer.dir, 'orderer.yaml'), doc.toString());
}
