/**
 * An organisation's public definition: the one file a company sends the others so they can put
 * it into a channel. It holds public certificates and endpoints only (the CA root that is both
 * its identity and TLS root, its orderer's identity and TLS certificates if it is a consenter),
 * never a private key: writing one that contains any is refused.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { orgLayout } from './paths';
import { type OrgTopology } from './topology';

/** The format tag every definition file carries, so a wrong file is recognised at once. */
export const DEFINITION_FORMAT = 'packtrace-organisation-definition/1';

/** A `host:port` endpoint. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** What a consenter publishes about its orderer. */
export interface OrdererDefinition {
  readonly endpoint: Endpoint;
  /** The orderer's signing certificate (PEM): how the other consenters recognise its votes. */
  readonly identityCertificate: string;
  /** The orderer's TLS certificate (PEM), for its server and cluster client side alike. */
  readonly tlsCertificate: string;
}

/** An organisation's public definition. */
export interface OrganisationDefinition {
  readonly format: typeof DEFINITION_FORMAT;
  readonly key: string;
  readonly mspId: string;
  readonly name: string;
  readonly consenter: boolean;
  /** Root of its identities (MSP `cacerts`), PEM. */
  readonly identityRootCertificate: string;
  /** Root of its TLS certificates (MSP `tlscacerts`), PEM; the same CA issues both here. */
  readonly tlsRootCertificate: string;
  readonly peer: Endpoint;
  /** The peer other organisations' peers gossip with (the channel's anchor peer). */
  readonly anchorPeer: Endpoint;
  /** Present exactly when `consenter` is true. */
  readonly orderer?: OrdererDefinition;
}

/** Why a definition file cannot be used. */
export class DefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DefinitionError';
  }
}

const PEM_CERTIFICATE =
  /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+-----END CERTIFICATE-----\n?$/;

function certificate(file: string, what: string): string {
  if (!existsSync(file)) {
    throw new DefinitionError(`${what} is missing (${file}): run org init first`);
  }
  return `${readFileSync(file, 'utf8').trim()}\n`;
}

/** The organisation's definition, from its own enrolled material. */
export function organisationDefinition(org: OrgTopology): OrganisationDefinition {
  const layout = orgLayout(org.key);
  const root = certificate(layout.caCert, `the CA certificate of ${org.key}`);
  const peer = { host: org.host, port: org.ports.peer };
  return {
    format: DEFINITION_FORMAT,
    key: org.key,
    mspId: org.mspId,
    name: org.name,
    consenter: org.consenter,
    identityRootCertificate: root,
    tlsRootCertificate: root,
    peer,
    anchorPeer: peer,
    ...(org.consenter
      ? {
          orderer: {
            endpoint: { host: org.host, port: org.ports.orderer },
            identityCertificate: certificate(
              layout.orderer.msp.cert,
              `the orderer certificate of ${org.key}`,
            ),
            tlsCertificate: certificate(
              layout.orderer.tls.cert,
              `the orderer TLS certificate of ${org.key}`,
            ),
          },
        }
      : {}),
  };
}

/** The definition as its file holds it (stable key order, so files compare byte for byte). */
export function definitionText(definition: OrganisationDefinition): string {
  const text = `${JSON.stringify(definition, null, 2)}\n`;
  if (text.includes('PRIVATE KEY')) {
    throw new DefinitionError(
      `the definition of ${definition.key} contains a private key; refusing to write it`,
    );
  }
  return text;
}

/** Writes the definition file (never one holding a private key). */
export function writeDefinition(file: string, definition: OrganisationDefinition): void {
  const text = definitionText(definition);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}

function endpointOf(value: unknown, what: string): Endpoint {
  const candidate = value as Partial<Endpoint> | undefined;
  if (
    typeof candidate?.host !== 'string' ||
    candidate.host === '' ||
    typeof candidate.port !== 'number' ||
    !Number.isInteger(candidate.port)
  ) {
    throw new DefinitionError(`${what} must be { "host": string, "port": integer }`);
  }
  return { host: candidate.host, port: candidate.port };
}

function pem(value: unknown, what: string): string {
  if (typeof value !== 'string' || !PEM_CERTIFICATE.test(value)) {
    throw new DefinitionError(`${what} must be one PEM certificate`);
  }
  return value;
}

/** Checks a parsed definition; every mistake names the file and the field. */
export function parseDefinition(text: string, source: string): OrganisationDefinition {
  if (text.includes('PRIVATE KEY')) {
    throw new DefinitionError(`${source} contains a private key: it is not a public definition`);
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new DefinitionError(`${source} is not JSON`);
  }
  if (raw['format'] !== DEFINITION_FORMAT) {
    throw new DefinitionError(`${source} is not an organisation definition (${DEFINITION_FORMAT})`);
  }
  const field = (name: string): string => {
    const value = raw[name];
    if (typeof value !== 'string' || value === '') {
      throw new DefinitionError(`${source}: '${name}' must be a non-empty string`);
    }
    return value;
  };
  if (typeof raw['consenter'] !== 'boolean') {
    throw new DefinitionError(`${source}: 'consenter' must be true or false`);
  }
  const consenter = raw['consenter'];
  const ordererRaw = raw['orderer'] as Record<string, unknown> | undefined;
  if (consenter !== (ordererRaw !== undefined)) {
    throw new DefinitionError(
      `${source}: a consenter has an 'orderer' entry and an organisation that is not has none`,
    );
  }
  const orderer =
    ordererRaw === undefined
      ? undefined
      : {
          endpoint: endpointOf(ordererRaw['endpoint'], `${source}: orderer.endpoint`),
          identityCertificate: pem(
            ordererRaw['identityCertificate'],
            `${source}: orderer.identityCertificate`,
          ),
          tlsCertificate: pem(ordererRaw['tlsCertificate'], `${source}: orderer.tlsCertificate`),
        };
  return {
    format: DEFINITION_FORMAT,
    key: field('key'),
    mspId: field('mspId'),
    name: field('name'),
    consenter,
    identityRootCertificate: pem(
      raw['identityRootCertificate'],
      `${source}: identityRootCertificate`,
    ),
    tlsRootCertificate: pem(raw['tlsRootCertificate'], `${source}: tlsRootCertificate`),
    peer: endpointOf(raw['peer'], `${source}: peer`),
    anchorPeer: endpointOf(raw['anchorPeer'], `${source}: anchorPeer`),
    ...(orderer !== undefined ? { orderer } : {}),
  };
}

/** Reads and checks a definition file. */
export function readDefinition(file: string): OrganisationDefinition {
  if (!existsSync(file)) {
    throw new DefinitionError(`no definition file ${file}`);
  }
  return parseDefinition(readFileSync(file, 'utf8'), file);
}
