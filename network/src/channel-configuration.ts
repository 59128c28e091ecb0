/**
 * A channel's configuration as the network reads it (from configtxlator's JSON of a config or
 * a config block): its organisations with their roots, anchor peers and orderer endpoints, its
 * consenters, its policies; and the checks an organisation makes before it joins.
 */
import { readFileSync } from 'node:fs';
import { AGREED_POLICIES } from './channel-config';
import { decode } from './configtxlator';
import { type Endpoint, type OrganisationDefinition } from './organisation-definition';

/** An organisation as the channel configuration holds it. */
export interface ConfiguredOrganisation {
  readonly mspId: string;
  readonly identityRoots: readonly string[];
  readonly tlsRoots: readonly string[];
  readonly anchorPeers: readonly Endpoint[];
  /** Empty for an application organisation that runs no orderer. */
  readonly ordererEndpoints: readonly string[];
  /** True if it is a member of the ordering service's group. */
  readonly inOrdererGroup: boolean;
}

/** One consenter of the channel's SmartBFT ordering service. */
export interface ConfiguredConsenter {
  readonly id: number;
  readonly mspId: string;
  readonly endpoint: Endpoint;
  readonly identityCertificate: string;
  readonly tlsCertificate: string;
}

/** What the network reads from a channel configuration. */
export interface ChannelConfigView {
  /** The application organisations (every member of the channel), in configuration order. */
  readonly organisations: readonly ConfiguredOrganisation[];
  readonly consenters: readonly ConfiguredConsenter[];
  /** Each checked policy as `RULE SubPolicy` for implicit-meta ones, else its kind. */
  readonly policies: Readonly<Record<keyof typeof AGREED_POLICIES, string>>;
}

type Json = Record<string, unknown>;

function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== 'object') {
      return undefined;
    }
    current = (current as Json)[key];
  }
  return current;
}

function groupsOf(group: unknown): Json {
  const groups = at(group, 'groups');
  return groups !== null && typeof groups === 'object' ? (groups as Json) : {};
}

function pemOf(base64: unknown): string {
  return typeof base64 === 'string' ? Buffer.from(base64, 'base64').toString('utf8') : '';
}

/** A PEM compared by its content only (whitespace at the ends does not count). */
export function samePem(a: string, b: string): boolean {
  return a.trim() === b.trim();
}

const IMPLICIT_META_RULES = ['ANY', 'ALL', 'MAJORITY'];

function policyText(group: unknown, name: string): string {
  const policy = at(group, 'policies', name, 'policy');
  if (policy === undefined) {
    return 'missing';
  }
  const type = at(policy, 'type');
  if (type === 3 || type === 'IMPLICIT_META') {
    const rule = at(policy, 'value', 'rule');
    const ruleName = typeof rule === 'number' ? IMPLICIT_META_RULES[rule] : rule;
    return `${String(ruleName)} ${String(at(policy, 'value', 'sub_policy'))}`;
  }
  return type === 1 || type === 'SIGNATURE' ? 'a signature policy' : `policy type ${String(type)}`;
}

/** The view of a decoded `common.Config`. */
export function configView(config: unknown): ChannelConfigView {
  const channelGroup = at(config, 'channel_group');
  const application = at(channelGroup, 'groups', 'Application');
  const orderer = at(channelGroup, 'groups', 'Orderer');
  const ordererGroups = groupsOf(orderer);
  const organisations = Object.entries(groupsOf(application)).map(
    ([mspId, group]): ConfiguredOrganisation => {
      const msp = at(group, 'values', 'MSP', 'value', 'config');
      const roots = (name: string): string[] => {
        const list = at(msp, name);
        return Array.isArray(list) ? list.map(pemOf) : [];
      };
      const anchors = at(group, 'values', 'AnchorPeers', 'value', 'anchor_peers');
      const addresses = at(ordererGroups[mspId], 'values', 'Endpoints', 'value', 'addresses');
      return {
        mspId,
        identityRoots: roots('root_certs'),
        tlsRoots: roots('tls_root_certs'),
        anchorPeers: Array.isArray(anchors)
          ? anchors.map((anchor) => ({
              host: String(at(anchor, 'host')),
              port: Number(at(anchor, 'port')),
            }))
          : [],
        ordererEndpoints: Array.isArray(addresses) ? addresses.map(String) : [],
        inOrdererGroup: ordererGroups[mspId] !== undefined,
      };
    },
  );
  const mapping = at(orderer, 'values', 'Orderers', 'value', 'consenter_mapping');
  const consenters = (Array.isArray(mapping) ? mapping : []).map(
    (consenter): ConfiguredConsenter => ({
      id: Number(at(consenter, 'id')),
      mspId: String(at(consenter, 'msp_id')),
      endpoint: { host: String(at(consenter, 'host')), port: Number(at(consenter, 'port')) },
      identityCertificate: pemOf(at(consenter, 'identity')),
      tlsCertificate: pemOf(at(consenter, 'server_tls_cert')),
    }),
  );
  return {
    organisations,
    consenters,
    policies: {
      channelAdmins: policyText(channelGroup, 'Admins'),
      ordererAdmins: policyText(orderer, 'Admins'),
      applicationAdmins: policyText(application, 'Admins'),
      endorsement: policyText(application, 'Endorsement'),
      lifecycleEndorsement: policyText(application, 'LifecycleEndorsement'),
    },
  };
}

/** The `common.Config` inside a config block's JSON. */
export function configOfBlock(block: unknown): unknown {
  const data = at(block, 'data', 'data');
  const config = Array.isArray(data) ? at(data[0], 'payload', 'data', 'config') : undefined;
  if (config === undefined) {
    throw new Error('the block holds no channel configuration (not a config block)');
  }
  return config;
}

/** The channel id a config block's JSON was made for. */
export function channelOfBlock(block: unknown): string {
  const data = at(block, 'data', 'data');
  const id = Array.isArray(data)
    ? at(data[0], 'payload', 'header', 'channel_header', 'channel_id')
    : undefined;
  if (typeof id !== 'string') {
    throw new Error('the block names no channel');
  }
  return id;
}

/** A decoded config block: its channel and its configuration (JSON and view). */
export interface ConfigBlock {
  readonly channel: string;
  readonly config: unknown;
  readonly view: ChannelConfigView;
}

/** Reads a config block file. */
export async function readConfigBlock(file: string): Promise<ConfigBlock> {
  let block: unknown;
  try {
    block = await decode('common.Block', readFileSync(file));
  } catch {
    throw new Error(`${file} is not a Fabric block`);
  }
  const config = configOfBlock(block);
  return { channel: channelOfBlock(block), config, view: configView(config) };
}

/** Why the channel's policies differ from the agreed ones (empty when they are the agreed). */
export function policyProblems(view: ChannelConfigView): string[] {
  return (Object.keys(AGREED_POLICIES) as (keyof typeof AGREED_POLICIES)[])
    .filter((name) => view.policies[name] !== AGREED_POLICIES[name])
    .map(
      (name) =>
        `policy ${name} is ${view.policies[name]}, the agreed policy is ${AGREED_POLICIES[name]}`,
    );
}

/**
 * Why the channel does not hold the organisation exactly as its definition says (empty when
 * it does): its MSP roots, its anchor peer, and for a consenter its orderer endpoint and
 * consenter certificates. A consenter's orderer is not required to be in a configuration the
 * organisation joins as an application member.
 */
export function definitionProblems(
  view: ChannelConfigView,
  definition: OrganisationDefinition,
  options: { asConsenter: boolean },
): string[] {
  const found = view.organisations.find((org) => org.mspId === definition.mspId);
  if (found === undefined) {
    return [`${definition.mspId} is not one of the channel's organisations`];
  }
  const problems: string[] = [];
  const onlyRoot = (roots: readonly string[], pem: string): boolean =>
    roots.length === 1 && roots[0] !== undefined && samePem(roots[0], pem);
  if (!onlyRoot(found.identityRoots, definition.identityRootCertificate)) {
    problems.push(`the identity root of ${definition.mspId} is not the one it exported`);
  }
  if (!onlyRoot(found.tlsRoots, definition.tlsRootCertificate)) {
    problems.push(`the TLS root of ${definition.mspId} is not the one it exported`);
  }
  const anchor = definition.anchorPeer;
  if (
    found.anchorPeers.length !== 1 ||
    found.anchorPeers[0]?.host !== anchor.host ||
    found.anchorPeers[0].port !== anchor.port
  ) {
    problems.push(`the anchor peer of ${definition.mspId} is not ${anchor.host}:${anchor.port}`);
  }
  if (options.asConsenter && definition.orderer !== undefined) {
    const endpoint = `${definition.orderer.endpoint.host}:${definition.orderer.endpoint.port}`;
    if (found.ordererEndpoints.length !== 1 || found.ordererEndpoints[0] !== endpoint) {
      problems.push(`the orderer endpoint of ${definition.mspId} is not ${endpoint}`);
    }
    const consenter = view.consenters.find((candidate) => candidate.mspId === definition.mspId);
    if (
      consenter === undefined ||
      !samePem(consenter.identityCertificate, definition.orderer.identityCertificate) ||
      !samePem(consenter.tlsCertificate, definition.orderer.tlsCertificate) ||
      consenter.endpoint.host !== definition.orderer.endpoint.host ||
      consenter.endpoint.port !== definition.orderer.endpoint.port
    ) {
      problems.push(`the consenter of ${definition.mspId} is not its orderer as it exported it`);
    }
  }
  return problems;
}

/** The orderer endpoints of the channel (`host:port`), consenters first in mapping order. */
export function ordererEndpoints(view: ChannelConfigView): string[] {
  return view.consenters.map(
    (consenter) => `${consenter.endpoint.host}:${consenter.endpoint.port}`,
  );
}

/** Every TLS root of the channel's organisations, as one PEM bundle. */
export function tlsRootBundle(view: ChannelConfigView): string {
  const roots = new Set(view.organisations.flatMap((org) => org.tlsRoots.map((pem) => pem.trim())));
  return `${[...roots].join('\n')}\n`;
}
