/**
 * The four kinds of process each organisation runs (Fabric CA, orderer, peer, chaincode server),
 * described as {@link ProcessSpec}s: command line, environment, log, PID file and health probe.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { caServerCommand } from './certificate-authorities';
import { tool } from './fabric-binaries';
import { httpGet, httpsGet, tcpOpen } from './health';
import { readOrgPackage } from './network-state';
import { ordererConfigDir, peerConfigDir } from './node-config';
import { CHAINCODE_DIR, orgLayout, REPO_ROOT } from './paths';
import { type ProcessSpec } from './processes';
import { organisation, type OrgTopology } from './topology';

/** The kinds of node an organisation runs. */
export type NodeKind = 'ca' | 'orderer' | 'peer' | 'chaincode';

/** A node, or the organisation's API gateway (started only when named). */
export type ProcessKind = NodeKind | 'gateway';

/** Every kind, in start order (a CA before the nodes it certifies, chaincode after its peer). */
export const NODE_KINDS: readonly NodeKind[] = ['ca', 'orderer', 'peer', 'chaincode'];

/** The kinds of node one organisation runs: no orderer for one that is not a consenter. */
export function nodeKinds(org: Pick<OrgTopology, 'consenter'>): NodeKind[] {
  return NODE_KINDS.filter((kind) => kind !== 'orderer' || org.consenter);
}

/** Fabric's log level; WARNING keeps logs small and measurably speeds up evaluation. */
function fabricLogging(): NodeJS.ProcessEnv {
  return {
    FABRIC_LOGGING_SPEC: process.env['NETWORK_LOG_SPEC'] ?? 'warning',
    // Fabric's default format colours its output even into a file.
    FABRIC_LOGGING_FORMAT:
      '%{time:2006-01-02 15:04:05.000 MST} %{level:.4s} [%{module}] %{shortfunc} -> %{message}',
  };
}

/** The pinned Node the repository runs on (npm scripts put it first on PATH anyway). */
function nodeBinary(): string {
  const pinned = join(REPO_ROOT, 'node_modules', '.bin', 'node');
  return existsSync(pinned) ? pinned : process.execPath;
}

function files(org: OrgTopology, kind: ProcessKind): { logFile: string; pidFile: string } {
  const layout = orgLayout(org.key);
  return { logFile: join(layout.logs, `${kind}.log`), pidFile: join(layout.pids, `${kind}.pid`) };
}

function operationsHealthy(org: OrgTopology, port: number): () => Promise<boolean> {
  return async () =>
    (await httpsGet(org.clientHost, port, '/healthz', orgLayout(org.key).caCert))?.status === 200;
}

function caSpec(org: OrgTopology): ProcessSpec {
  const layout = orgLayout(org.key);
  const command = caServerCommand(org);
  return {
    name: `Fabric CA of ${org.key}`,
    command: tool('fabric-ca-server'),
    args: command.args,
    env: command.env,
    cwd: layout.caHome,
    ...files(org, 'ca'),
    healthy: async () =>
      (await httpsGet(org.clientHost, org.ports.ca, '/cainfo', layout.caCert))?.status === 200,
    startTimeoutMs: 30_000,
  };
}

function ordererSpec(org: OrgTopology): ProcessSpec {
  return {
    name: `orderer of ${org.key}`,
    command: tool('orderer'),
    args: [],
    env: {
      ...process.env,
      FABRIC_CFG_PATH: ordererConfigDir(org),
      ...fabricLogging(),
    },
    cwd: ordererConfigDir(org),
    ...files(org, 'orderer'),
    healthy: operationsHealthy(org, org.ports.ordererOperations),
    startTimeoutMs: 30_000,
  };
}

function peerSpec(org: OrgTopology): ProcessSpec {
  return {
    name: `peer of ${org.key}`,
    command: tool('peer'),
    args: ['node', 'start'],
    env: {
      ...process.env,
      FABRIC_CFG_PATH: peerConfigDir(org),
      ...fabricLogging(),
    },
    cwd: peerConfigDir(org),
    ...files(org, 'peer'),
    healthy: operationsHealthy(org, org.ports.peerOperations),
    startTimeoutMs: 30_000,
  };
}

/** The package id the organisation's chaincode server announces (recorded at deployment). */
export function currentPackageId(org: OrgTopology): string {
  const packageId = recordedPackageId(org);
  if (packageId === undefined) {
    throw new Error(`no chaincode package recorded for ${org.key}: run npm run network:up`);
  }
  return packageId;
}

/** The package id recorded at deployment, if the chaincode was ever deployed here. */
function recordedPackageId(org: OrgTopology): string | undefined {
  return readOrgPackage(org.key)?.packageId;
}

/**
 * A chaincode server's spec. Only starting one needs the deployed package id; stopping or
 * inspecting works before anything was deployed (then no server can be running anyway).
 */
function chaincodeSpec(org: OrgTopology, purpose: SpecPurpose): ProcessSpec {
  const layout = orgLayout(org.key);
  const cli = join(REPO_ROOT, 'node_modules', 'fabric-shim', 'cli.js');
  return {
    name: `chaincode server of ${org.key}`,
    command: nodeBinary(),
    args: [
      cli,
      'server',
      '--chaincode-address',
      `${org.listenHost}:${org.ports.chaincode}`,
      '--chaincode-id',
      purpose === 'start' ? currentPackageId(org) : (recordedPackageId(org) ?? ''),
      '--chaincode-tls-cert-file',
      layout.chaincode.tls.cert,
      '--chaincode-tls-key-file',
      layout.chaincode.tls.key,
      // Mutual TLS: only clients with a certificate from the organisation's CA (its peer).
      '--chaincode-tls-client-cacert-file',
      layout.caCert,
      '--module-path',
      CHAINCODE_DIR,
    ],
    env: { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: 'WARNING' },
    cwd: layout.chaincode.dir,
    ...files(org, 'chaincode'),
    healthy: () => tcpOpen(org.host, org.ports.chaincode),
    startTimeoutMs: 30_000,
  };
}

/**
 * The organisation's own API gateway on Fabric: its users work through it, and it holds only
 * its organisation's identities (FABRIC_ORGANISATION). Health: the operations listener's
 * /healthz, on loopback (OPS_HOST's default), where this tooling runs too.
 */
function gatewaySpec(org: OrgTopology): ProcessSpec {
  const dataDir = join(orgLayout(org.key).root, 'gateway');
  return {
    name: `API gateway of ${org.key}`,
    command: nodeBinary(),
    args: [join(REPO_ROOT, 'gateway-api', 'dist', 'main.js')],
    env: {
      ...process.env,
      LEDGER: 'fabric',
      FABRIC_ORGANISATION: org.key,
      HOST: org.listenHost,
      PORT: String(org.ports.gateway),
      OPS_HOST: '127.0.0.1',
      OPS_PORT: String(org.ports.gatewayOperations),
      DATA_DIR: dataDir,
    },
    cwd: dataDir,
    ...files(org, 'gateway'),
    healthy: async () =>
      (await httpGet('127.0.0.1', org.ports.gatewayOperations, '/healthz'))?.status === 200,
    startTimeoutMs: 60_000,
  };
}

/** The spec of any process of an organisation, the gateway included. */
export function processSpec(
  kind: ProcessKind,
  orgKey: string,
  purpose: SpecPurpose = 'start',
): ProcessSpec {
  return kind === 'gateway' ? gatewaySpec(organisation(orgKey)) : nodeSpec(kind, orgKey, purpose);
}

/** Whether a spec is wanted to start a process, or only to find, inspect or stop it. */
export type SpecPurpose = 'start' | 'stop';

/** The process spec of one node of one organisation. */
export function nodeSpec(
  kind: NodeKind,
  orgKey: string,
  purpose: SpecPurpose = 'start',
): ProcessSpec {
  const org = organisation(orgKey);
  switch (kind) {
    case 'ca':
      return caSpec(org);
    case 'orderer':
      if (!org.consenter) {
        throw new Error(`${org.key} runs no orderer: it is not one of the channels' consenters`);
      }
      return ordererSpec(org);
    case 'peer':
      return peerSpec(org);
    case 'chaincode':
      return chaincodeSpec(org, purpose);
  }
}

/** Checks what a chaincode server needs before it is started. */
export function checkChaincodeBuilt(): void {
  const main = join(CHAINCODE_DIR, 'dist', 'index.js');
  if (!existsSync(main)) {
    throw new Error(`the chaincode is not built (${main} is missing): run npx tsc -b`);
  }
  const cli = join(REPO_ROOT, 'node_modules', 'fabric-shim', 'cli.js');
  if (!existsSync(cli)) {
    throw new Error(`fabric-shim is not installed (${cli} is missing): run npm install`);
  }
}
