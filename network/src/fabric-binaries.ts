/**
 * The Fabric binaries built by `scripts/build-fabric.sh` from the Go module proxy. Versions are
 * pinned once, in `network/fabric.env`, which the script sources and this module parses.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binDir, NETWORK_ROOT } from './paths';

/** The tools the network runs. */
export type FabricTool =
  | 'peer'
  | 'orderer'
  | 'configtxgen'
  | 'osnadmin'
  | 'configtxlator'
  | 'discover'
  | 'fabric-ca-server'
  | 'fabric-ca-client';

const TOOLS: readonly FabricTool[] = [
  'peer',
  'orderer',
  'configtxgen',
  'osnadmin',
  'configtxlator',
  'discover',
  'fabric-ca-server',
  'fabric-ca-client',
];

/** The pinned versions from `network/fabric.env`. */
export interface FabricVersions {
  readonly fabric: string;
  readonly fabricModuleVersion: string;
  readonly fabricCa: string;
  readonly fabricCaModuleVersion: string;
}

/** Reads the pinned versions. */
export function fabricVersions(): FabricVersions {
  const values = new Map<string, string>();
  for (const line of readFileSync(join(NETWORK_ROOT, 'fabric.env'), 'utf8').split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) {
      values.set(match[1], match[2]);
    }
  }
  const get = (name: string): string => {
    const value = values.get(name);
    if (value === undefined) {
      throw new Error(`network/fabric.env has no ${name}`);
    }
    return value;
  };
  return {
    fabric: get('FABRIC_VERSION'),
    fabricModuleVersion: get('FABRIC_MODULE_VERSION'),
    fabricCa: get('FABRIC_CA_VERSION'),
    fabricCaModuleVersion: get('FABRIC_CA_MODULE_VERSION'),
  };
}

/** The stamp the build script writes once every binary is built. */
function expectedStamp(versions: FabricVersions): string {
  return (
    `fabric=${versions.fabric} (${versions.fabricModuleVersion}) ` +
    `fabric-ca=${versions.fabricCa} (${versions.fabricCaModuleVersion})`
  );
}

/** Path of one built tool. */
export function tool(name: FabricTool): string {
  return join(binDir(), name);
}

/** Fabric's sample core.yaml / orderer.yaml, which each node's config starts from. */
export function sampleConfig(name: 'core.yaml' | 'orderer.yaml'): string {
  return join(binDir(), 'sampleconfig', name);
}

/** True when every tool is built at the pinned versions. */
export function fabricBuilt(): boolean {
  const stamp = join(binDir(), 'VERSION');
  return (
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').trim() === expectedStamp(fabricVersions()) &&
    TOOLS.every((name) => existsSync(tool(name))) &&
    existsSync(sampleConfig('core.yaml')) &&
    existsSync(sampleConfig('orderer.yaml'))
  );
}

/**
 * Builds Fabric with the project's build script unless it is already built. The script's
 * progress goes straight to the terminal: a cold build takes minutes.
 */
export async function ensureFabricBuilt(log: (line: string) => void): Promise<void> {
  if (fabricBuilt()) {
    return;
  }
  log('Fabric binaries missing or of another version: building them (a few minutes, once)');
  const script = join(NETWORK_ROOT, 'scripts', 'build-fabric.sh');
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`building Fabric failed: ${script} exited with ${String(code)}`)),
    );
  });
  if (!fabricBuilt()) {
    throw new Error(`building Fabric did not produce every tool in ${binDir()}`);
  }
}
