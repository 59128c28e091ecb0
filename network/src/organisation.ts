/**
 * One organisation operated on its own host: `org <org> init|export|start|stop|status`. Each
 * function acts on the named organisation only and reads and writes only its own folder
 * ($NETWORK_DIR/<org>/) plus the files it is given; its private keys never leave that folder.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensureOrgCrypto } from './crypto-material';
import { ensureFabricBuilt } from './fabric-binaries';
import { gaugeByChannel, httpsGet } from './health';
import { defaultLog, type Log } from './log';
import { writeOrdererConfig, writePeerConfig } from './node-config';
import { checkChaincodeBuilt, nodeKinds, type ProcessKind, processSpec } from './nodes';
import { readOrgPackage } from './network-state';
import {
  organisationDefinition,
  type OrganisationDefinition,
  writeDefinition,
} from './organisation-definition';
import { orgLayout } from './paths';
import { runningPid, startProcess, stopProcess } from './processes';
import { writeConnectionProfile } from './profile';
import { organisation, type OrgTopology } from './topology';

/** Every process kind an organisation may run, in start order. */
function processKinds(org: OrgTopology): ProcessKind[] {
  return [...nodeKinds(org), 'gateway'];
}

/** Checks a kind named on the command line against what the organisation runs. */
function checkKinds(org: OrgTopology, kinds: readonly string[]): ProcessKind[] {
  const known = processKinds(org);
  for (const kind of kinds) {
    if (!(known as string[]).includes(kind)) {
      throw new Error(
        kind === 'orderer'
          ? `${org.key} runs no orderer: it is not one of the channels' consenters`
          : `unknown process kind '${kind}' (${org.key} runs: ${known.join(', ')})`,
      );
    }
  }
  return known.filter((kind) => kinds.includes(kind));
}

/**
 * Adds PEM certificates to the organisation's TLS trust bundle (its own root is always in it).
 * Returns true if the file changed: running nodes then need a restart to read it.
 */
export function addTrustedRoots(org: OrgTopology, pems: readonly string[]): boolean {
  const layout = orgLayout(org.key);
  const file = layout.tlsRootBundle;
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const roots = new Set<string>();
  const add = (text: string): void => {
    for (const pem of text.split(/(?<=-----END CERTIFICATE-----)/)) {
      if (pem.includes('BEGIN CERTIFICATE')) {
        roots.add(pem.trim());
      }
    }
  };
  add(before);
  const known = roots.size;
  [readFileSync(layout.caCert, 'utf8'), ...pems].forEach(add);
  // Only new roots change the file (and restart the nodes that read it): order does not count.
  if (roots.size === known && before !== '') {
    return false;
  }
  const after = `${[...roots].join('\n')}\n`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, after);
  return true;
}

/**
 * The steps of `org init` for one organisation (the one-machine `up` runs them for each): its
 * CA running, its identities enrolled, its own root trusted, its node configurations written.
 * Returns how many identities were enrolled now.
 */
export async function prepareOrganisation(org: OrgTopology, log: Log): Promise<number> {
  const ca = await startProcess(processSpec('ca', org.key));
  log(`${org.key}: Fabric CA ${ca.started ? 'started' : 'running'} (PID ${ca.pid})`);
  const enrolled = await ensureOrgCrypto(org);
  log(`${org.key}: identities ready (${enrolled} enrolled now)`);
  addTrustedRoots(org, []);
  writePeerConfig(org);
  if (org.consenter) {
    writeOrdererConfig(org);
  }
  log(`${org.key}: node configurations written under ${orgLayout(org.key).root}`);
  return enrolled;
}

/**
 * `org <org> init`: starts the organisation's Fabric CA, enrols its admin, peer, orderer (if a
 * consenter) and chaincode-server TLS identities and its parties' consortium users, writes its
 * node configurations. Idempotent: what exists is kept.
 */
export async function initOrganisation(orgKey: string, log: Log = defaultLog): Promise<void> {
  const org = organisation(orgKey);
  const began = Date.now();
  await ensureFabricBuilt(log);
  await prepareOrganisation(org, log);
  try {
    writeConnectionProfile();
  } catch (error) {
    // The gateway's profile needs only this organisation's material; an older profile module
    // wanted every organisation's, which an organisation's own host does not have.
    log(
      `${org.key}: no connection profile written: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  log(`${org.key}: initialised in ${((Date.now() - began) / 1000).toFixed(1)} s`);
}

/** `org <org> export <file>`: writes the organisation's public definition. */
export function exportOrganisation(
  orgKey: string,
  file: string,
  log: Log = defaultLog,
): OrganisationDefinition {
  const org = organisation(orgKey);
  const definition = organisationDefinition(org);
  writeDefinition(file, definition);
  log(
    `${org.key}: public definition written to ${file} (${definition.mspId}, ` +
      `${definition.consenter ? 'consenter' : 'application organisation, no orderer'})`,
  );
  return definition;
}

/**
 * `org <org> start [kind ...]`: starts its processes (by default its CA, orderer if a
 * consenter, peer, and its chaincode server once a package was approved; the gateway only when
 * named) and waits until each is healthy.
 */
export async function startOrganisation(
  orgKey: string,
  kinds: readonly string[] = [],
  log: Log = defaultLog,
): Promise<string[]> {
  const org = organisation(orgKey);
  const named = kinds.length > 0;
  const wanted = named ? checkKinds(org, kinds) : nodeKinds(org);
  if (wanted.includes('chaincode') || wanted.includes('gateway')) {
    checkChaincodeBuilt();
  }
  const started: string[] = [];
  for (const kind of wanted) {
    if (kind === 'chaincode' && readOrgPackage(org.key) === undefined) {
      if (named) {
        throw new Error(
          `${org.key} has no chaincode package yet: run org ${org.key} approve <channel> first`,
        );
      }
      log(`${org.key}: chaincode server not started (no package yet: org ${org.key} approve)`);
      continue;
    }
    const began = Date.now();
    const result = await startProcess(processSpec(kind, org.key));
    const seconds = ((Date.now() - began) / 1000).toFixed(1);
    log(
      `${org.key}: ${kind} ${result.started ? `started, healthy in ${seconds} s` : 'already running'} (PID ${result.pid})`,
    );
    if (result.started) {
      started.push(kind);
    }
  }
  return started;
}

/** `org <org> stop [kind ...]`: stops its processes (all when none is named). */
export async function stopOrganisation(
  orgKey: string,
  kinds: readonly string[] = [],
  log: Log = defaultLog,
): Promise<string[]> {
  const org = organisation(orgKey);
  const wanted = kinds.length > 0 ? checkKinds(org, kinds) : processKinds(org);
  const stopped: string[] = [];
  // The gateway and chaincode first, the CA last: nothing is left talking to a stopped node.
  for (const kind of [...wanted].reverse()) {
    if (await stopProcess(processSpec(kind, org.key, 'stop'))) {
      stopped.push(kind);
      log(`${org.key}: ${kind} stopped`);
    }
  }
  if (stopped.length === 0) {
    log(`${org.key}: nothing was running`);
  }
  return stopped;
}

/** One process of an organisation as `org <org> status` shows it. */
export interface OrganisationProcess {
  readonly kind: ProcessKind;
  readonly pid?: number;
  readonly healthy: boolean;
  /** Ledger height per channel (peer and orderer). */
  readonly heights?: Readonly<Record<string, number>>;
  readonly logFile: string;
}

/**
 * `org <org> status`: each of its processes (the gateway only if it runs) with PID, health and
 * block heights.
 */
export async function organisationStatus(orgKey: string): Promise<OrganisationProcess[]> {
  const org = organisation(orgKey);
  const layout = orgLayout(org.key);
  const rows: OrganisationProcess[] = [];
  for (const kind of processKinds(org)) {
    const spec = processSpec(kind, org.key, 'stop');
    const pid = runningPid(spec);
    if (kind === 'gateway' && pid === undefined) {
      continue;
    }
    const healthy = pid !== undefined && (await spec.healthy());
    let heights: Record<string, number> | undefined;
    if (healthy && (kind === 'peer' || kind === 'orderer')) {
      const port = kind === 'peer' ? org.ports.peerOperations : org.ports.ordererOperations;
      const metrics = await httpsGet(
        org.clientHost,
        port,
        '/metrics',
        layout.caCert,
        layout.admin.tls,
      );
      heights = Object.fromEntries(gaugeByChannel(metrics?.body ?? '', 'ledger_blockchain_height'));
    }
    rows.push({
      kind,
      ...(pid !== undefined ? { pid } : {}),
      healthy,
      ...(heights !== undefined ? { heights } : {}),
      logFile: spec.logFile,
    });
  }
  return rows;
}
