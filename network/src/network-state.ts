/**
 * What the network remembers between commands that Fabric cannot answer cheaply: the chaincode
 * package generation currently deployed and each organisation's package (its package id is what that
 * organisation's chaincode server must announce).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { orgLayout, runDir } from './paths';

/** One organisation's chaincode package. */
export interface PackageRecord {
  readonly label: string;
  readonly packageId: string;
  readonly file: string;
}

/** The recorded state. */
export interface NetworkState {
  readonly chaincode?: {
    /**
     * Package generation: 1 at the first deployment, +1 per upgrade. Part of each package's
     * label; a channel's definition sequence is kept by Fabric itself.
     */
    readonly generation: number;
    readonly packages: Readonly<Record<string, PackageRecord>>;
  };
}

function stateFile(): string {
  return join(runDir(), 'state.json');
}

/** The recorded state (empty before the first `up`). */
export function readState(): NetworkState {
  const file = stateFile();
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as NetworkState) : {};
}

function writeJson(file: string, value: unknown): void {
  // A temporary file of this process's own: two commands of one organisation may record the
  // same thing at once (approving on two channels), and neither may rename the other's away.
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(temporary, file);
}

/** Records the state (write and rename, so a crash never leaves half a file). */
export function writeState(state: NetworkState): void {
  mkdirSync(runDir(), { recursive: true });
  writeJson(stateFile(), state);
  // Each organisation's own record too: on its own host that is the only one there is.
  for (const [orgKey, record] of Object.entries(state.chaincode?.packages ?? {})) {
    writeOrgPackage(orgKey, { generation: state.chaincode?.generation ?? 1, ...record });
  }
}

/** One organisation's chaincode package with its generation, kept in its own folder. */
export interface OrgPackageRecord extends PackageRecord {
  readonly generation: number;
}

function orgPackageFile(orgKey: string): string {
  return join(orgLayout(orgKey).chaincode.dir, 'package.json');
}

/** The organisation's recorded chaincode package (the one its chaincode server announces). */
export function readOrgPackage(orgKey: string): OrgPackageRecord | undefined {
  const file = orgPackageFile(orgKey);
  if (existsSync(file)) {
    return JSON.parse(readFileSync(file, 'utf8')) as OrgPackageRecord;
  }
  const shared = readState().chaincode;
  const record = shared?.packages[orgKey];
  return record === undefined ? undefined : { generation: shared?.generation ?? 1, ...record };
}

/** Records the organisation's chaincode package in its own folder. */
export function writeOrgPackage(orgKey: string, record: OrgPackageRecord): void {
  mkdirSync(orgLayout(orgKey).chaincode.dir, { recursive: true });
  writeJson(orgPackageFile(orgKey), record);
}
