/**
 * Where everything lives. Each organisation's material sits in its own folder under the run
 * directory, so the folder could be copied to that organisation's own host as it is; only the
 * channel artefacts (genesis blocks every organisation receives) are shared.
 */
import { join, resolve } from 'node:path';

/** The `network/` package folder. */
export const NETWORK_ROOT = resolve(__dirname, '..');
/** The repository root (the npm workspace root). */
export const REPO_ROOT = resolve(NETWORK_ROOT, '..');

/** Generated data: crypto material, configs, ledgers, logs, pids. `NETWORK_DIR` moves it. */
export function runDir(): string {
  // An empty NETWORK_DIR means unset, not the current directory.
  const configured = process.env['NETWORK_DIR'];
  return resolve(
    configured === undefined || configured === '' ? join(NETWORK_ROOT, '.run') : configured,
  );
}

/** Built Fabric binaries (never wiped by reset). `FABRIC_BIN_DIR` moves them. */
export function binDir(): string {
  return resolve(process.env['FABRIC_BIN_DIR'] ?? join(NETWORK_ROOT, '.bin'));
}

/** A TLS key pair with the root that issued it, as every node and admin keeps it. */
export interface TlsFiles {
  readonly dir: string;
  readonly cert: string;
  readonly key: string;
  /** The issuing CA's certificate (the organisation's CA). */
  readonly ca: string;
}

/** An MSP folder (signcerts, keystore, cacerts, config.yaml) and the files inside it. */
export interface MspFiles {
  readonly dir: string;
  readonly cert: string;
  readonly key: string;
}

/** The files of one organisation. */
export interface OrgLayout {
  readonly root: string;
  readonly logs: string;
  readonly pids: string;
  /** Fabric CA server home (its database, certificate, config). */
  readonly caHome: string;
  /** The CA's root certificate: the organisation's identity and TLS root alike. */
  readonly caCert: string;
  /** fabric-ca-client home of the CA's bootstrap registrar. */
  readonly caClientHome: string;
  readonly registrar: MspFiles;
  /** The organisation's MSP as it appears in channel configuration (public certificates only). */
  readonly msp: string;
  /** Every organisation's TLS root in one file: peers and orderers trust each other through it. */
  readonly tlsRootBundle: string;
  readonly admin: { readonly msp: MspFiles; readonly tls: TlsFiles };
  readonly peer: {
    readonly dir: string;
    readonly msp: MspFiles;
    readonly tls: TlsFiles;
    readonly data: string;
  };
  readonly orderer: {
    readonly dir: string;
    readonly msp: MspFiles;
    readonly tls: TlsFiles;
    readonly data: string;
  };
  readonly chaincode: { readonly dir: string; readonly tls: TlsFiles; readonly packages: string };
  /** Consortium users and extra users enrolled by tests, one MSP folder each. */
  readonly users: string;
}

function tls(dir: string): TlsFiles {
  return {
    dir,
    cert: join(dir, 'cert.pem'),
    key: join(dir, 'key.pem'),
    ca: join(dir, 'ca.pem'),
  };
}

/** An MSP folder's conventional file names (keys are renamed to key.pem after enrolment). */
export function mspFiles(dir: string): MspFiles {
  return {
    dir,
    cert: join(dir, 'signcerts', 'cert.pem'),
    key: join(dir, 'keystore', 'key.pem'),
  };
}

/** The folders and files of one organisation under the run directory. */
export function orgLayout(orgKey: string): OrgLayout {
  const root = join(runDir(), orgKey);
  return {
    root,
    logs: join(root, 'logs'),
    pids: join(root, 'pids'),
    caHome: join(root, 'ca', 'server'),
    caCert: join(root, 'ca', 'server', 'ca-cert.pem'),
    caClientHome: join(root, 'ca', 'client'),
    registrar: mspFiles(join(root, 'ca', 'client', 'msp')),
    msp: join(root, 'msp'),
    tlsRootBundle: join(root, 'trust', 'tls-roots.pem'),
    admin: { msp: mspFiles(join(root, 'admin', 'msp')), tls: tls(join(root, 'admin', 'tls')) },
    peer: {
      dir: join(root, 'peer'),
      msp: mspFiles(join(root, 'peer', 'msp')),
      tls: tls(join(root, 'peer', 'tls')),
      data: join(root, 'peer', 'data'),
    },
    orderer: {
      dir: join(root, 'orderer'),
      msp: mspFiles(join(root, 'orderer', 'msp')),
      tls: tls(join(root, 'orderer', 'tls')),
      data: join(root, 'orderer', 'data'),
    },
    chaincode: {
      dir: join(root, 'chaincode'),
      tls: tls(join(root, 'chaincode', 'tls')),
      packages: join(root, 'chaincode', 'packages'),
    },
    users: join(root, 'users'),
  };
}

/** Shared channel artefacts: the generated configtx.yaml and each channel's genesis block. */
export function channelsDir(): string {
  return join(runDir(), 'channels');
}

/**
 * The one-machine network's mailbox: each organisation's exported public definition, from which
 * every channel's genesis block is built (as separate hosts would collect them).
 */
export function definitionsDir(): string {
  return join(runDir(), 'definitions');
}

/** Held while `up` or an upgrade runs, so two of them never interleave. */
export function networkLockDir(): string {
  return join(runDir(), '.lock');
}

/** The machine-readable connection profile for non-TypeScript tools. */
export function connectionProfilePath(): string {
  return join(runDir(), 'connection.json');
}

/** The chaincode workspace that every organisation's chaincode server runs. */
export const CHAINCODE_DIR = join(REPO_ROOT, 'chaincode');
