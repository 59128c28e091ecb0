/**
 * The organisations' hosts and ports. Ports are declared once, in `network/topology.json`;
 * the organisations themselves (keys, MSP ids) come from the consortium description.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import { NETWORK_ROOT } from './paths';

/** Every port one organisation's nodes listen on. */
export interface OrgPorts {
  readonly ca: number;
  readonly caOperations: number;
  readonly peer: number;
  /** Required by the peer even though chaincode as a service never dials it. */
  readonly peerChaincode: number;
  readonly peerOperations: number;
  readonly orderer: number;
  readonly ordererAdmin: number;
  readonly ordererOperations: number;
  readonly chaincode: number;
  /** The organisation's own API gateway (started only when asked: `org <org> start gateway`). */
  readonly gateway: number;
  /** The gateway's operations listener (health, metrics). */
  readonly gatewayOperations: number;
}

/** One organisation of the consortium with where its nodes run. */
export interface OrgTopology {
  readonly key: string;
  readonly mspId: string;
  readonly name: string;
  /** Name or address that other organisations' nodes dial. */
  readonly host: string;
  /** Interface its processes listen on: loopback for a local network, all interfaces otherwise. */
  readonly listenHost: string;
  /**
   * Name Node clients dial: `localhost` for loopback, since Node's TLS refuses an IP address as
   * server name and the certificates carry DNS:localhost.
   */
  readonly clientHost: string;
  /**
   * Whether it runs one of the channel's SmartBFT orderers. One that is not (a member that joined
   * later) runs a CA, a peer and a chaincode server: no orderer is enrolled, configured, started
   * or joined, and it is neither a consenter nor an orderer endpoint of any channel.
   */
  readonly consenter: boolean;
  readonly ports: OrgPorts;
}

const PORT_NAMES: readonly (keyof OrgPorts)[] = [
  'ca',
  'caOperations',
  'peer',
  'peerChaincode',
  'peerOperations',
  'orderer',
  'ordererAdmin',
  'ordererOperations',
  'chaincode',
  'gateway',
  'gatewayOperations',
];

interface TopologyFile {
  organisations: Record<string, { host?: string; ports?: Record<string, unknown> }>;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** `NETWORK_HOSTS=org=host,org=host` overrides the file's hosts (e.g. on each company's machine). */
function hostOverrides(): Map<string, string> {
  const overrides = new Map<string, string>();
  for (const entry of (process.env['NETWORK_HOSTS'] ?? '').split(',')) {
    const [key, host] = entry.split('=').map((part) => part.trim());
    if (key && host) {
      overrides.set(key, host);
    }
  }
  return overrides;
}

/** The topology file (`NETWORK_TOPOLOGY` points elsewhere). */
export function topologyFile(): string {
  return process.env['NETWORK_TOPOLOGY'] ?? join(NETWORK_ROOT, 'topology.json');
}

let cached: readonly OrgTopology[] | undefined;

/** Every organisation, in consortium order, with its host and ports; checks the file once. */
export function organisations(): readonly OrgTopology[] {
  if (cached !== undefined) {
    return cached;
  }
  const file = topologyFile();
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as TopologyFile;
  const overrides = hostOverrides();
  const seen = new Map<number, string>();
  cached = consortium.organisations.map((org) => {
    const entry = parsed.organisations[org.key];
    if (entry?.ports === undefined) {
      throw new Error(`${file}: no entry for organisation '${org.key}' of consortium.json`);
    }
    const ports = {} as Record<keyof OrgPorts, number>;
    for (const name of PORT_NAMES) {
      const port = entry.ports[name];
      if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) {
        throw new Error(`${file}: ${org.key}.ports.${name} must be a port number`);
      }
      const clash = seen.get(port);
      if (clash !== undefined) {
        throw new Error(`${file}: port ${port} is used twice (${clash} and ${org.key}.${name})`);
      }
      seen.set(port, `${org.key}.${name}`);
      ports[name] = port;
    }
    const host = overrides.get(org.key) ?? entry.host ?? '127.0.0.1';
    return {
      key: org.key,
      mspId: org.mspId,
      name: org.name,
      host,
      listenHost: isLoopback(host) ? '127.0.0.1' : '0.0.0.0',
      clientHost: isLoopback(host) ? 'localhost' : host,
      consenter: org.consenter,
      ports,
    };
  });
  return cached;
}

/** One organisation by key; the error lists the known keys. */
export function organisation(orgKey: string): OrgTopology {
  const org = organisations().find((candidate) => candidate.key === orgKey);
  if (org === undefined) {
    const known = organisations()
      .map((candidate) => candidate.key)
      .join(', ');
    throw new Error(`unknown organisation '${orgKey}' (known: ${known})`);
  }
  return org;
}

/** The organisations that run an orderer (the channels' SmartBFT consenters). */
export function consenters(): readonly OrgTopology[] {
  return organisations().filter((org) => org.consenter);
}

/** Host names every TLS certificate of the organisation carries. */
export function certificateHosts(org: OrgTopology): string[] {
  return [...new Set(['localhost', '127.0.0.1', org.host])];
}
