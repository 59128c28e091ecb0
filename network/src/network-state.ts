/**
 * What the network remembers between commands that Fabric cannot answer cheaply: the chaincode
 * package generation currently deployed and each organisation's package (its package id is what that
 * organisation's chaincode server must announce).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDir } from './paths';

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

/** Records the state (write and rename, so a crash never leaves half a file). */
export function writeState(state: NetworkState): void {
  mkdirSync(runDir(), { recursive: true });
  const file = stateFile();
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
