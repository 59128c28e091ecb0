/**
 * Each organisation's Fabric CA: how its server is started, and the client calls that register
 * and enrol identities at it. One CA per organisation issues both its identity certificates and
 * its TLS certificates (the `tls` enrolment profile), so the organisation has a single root.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CommandError, runCommand } from './commands';
import { tool } from './fabric-binaries';
import { orgLayout } from './paths';
import { certificateHosts, type OrgTopology } from './topology';

/** The bootstrap registrar's enrolment id at every CA. */
export const REGISTRAR = 'ca-registrar';

/** The kinds of identity Fabric's NodeOUs distinguish. */
export type IdentityType = 'client' | 'peer' | 'orderer' | 'admin';

function registrarSecretFile(org: OrgTopology): string {
  return join(dirname(orgLayout(org.key).caHome), 'registrar.secret');
}

/** The registrar's password, made once per CA and readable by the owner only. */
function registrarSecret(org: OrgTopology): string {
  const file = registrarSecretFile(org);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(18).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** A fresh one-time enrolment secret for an identity. */
export function newSecret(): string {
  return randomBytes(18).toString('hex');
}

/** Command line of the organisation's CA server (it initialises itself on first start). */
export function caServerCommand(org: OrgTopology): { args: string[]; env: NodeJS.ProcessEnv } {
  const layout = orgLayout(org.key);
  return {
    args: [
      'start',
      '-H',
      layout.caHome,
      '-b',
      `${REGISTRAR}:${registrarSecret(org)}`,
      '--address',
      org.listenHost,
      '--port',
      String(org.ports.ca),
      '--tls.enabled',
      '--csr.hosts',
      certificateHosts(org).join(','),
      '--csr.cn',
      `ca.${org.key}`,
      '--ca.name',
      `ca-${org.key}`,
      '--loglevel',
      'warning',
      // Lets enrolUser re-register an identity with other attributes.
      '--cfg.identities.allowremove',
    ],
    // No flag for it; the default (127.0.0.1:9443) would clash between the four CAs.
    env: {
      ...process.env,
      FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS: `${org.listenHost}:${org.ports.caOperations}`,
    },
  };
}

function caUrl(org: OrgTopology, credentials?: { id: string; secret: string }): string {
  const auth = credentials ? `${credentials.id}:${credentials.secret}@` : '';
  return `https://${auth}${org.host}:${org.ports.ca}`;
}

function client(org: OrgTopology, args: string[], what: string): Promise<unknown> {
  const layout = orgLayout(org.key);
  return runCommand(
    tool('fabric-ca-client'),
    [...args, '-H', layout.caClientHome, '--tls.certfiles', layout.caCert],
    { what: `${what} at the CA of ${org.key}`, timeoutMs: 30_000 },
  );
}

/** Enrols the CA's bootstrap registrar, which registers every other identity. */
export async function enrolRegistrar(org: OrgTopology, mspDir: string): Promise<void> {
  await client(
    org,
    ['enroll', '-u', caUrl(org, { id: REGISTRAR, secret: registrarSecret(org) }), '-M', mspDir],
    'enrolling the registrar',
  );
}

/** Attributes put into the enrolment certificate (`:ecert`), e.g. `{ role: 'pharmacy' }`. */
export type CertificateAttributes = Readonly<Record<string, string>>;

const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9._-]*$/;
const ATTRIBUTE_VALUE = /^[^,="'\\]*$/;

function attributeList(attributes: CertificateAttributes): string {
  return Object.entries(attributes)
    .map(([name, value]) => {
      if (!ATTRIBUTE_NAME.test(name) || name.startsWith('hf.') || !ATTRIBUTE_VALUE.test(value)) {
        throw new Error(`attribute ${name}=${value} cannot be registered at a Fabric CA`);
      }
      return `${name}=${value}:ecert`;
    })
    .join(',');
}

/**
 * Where and by whom a user is registered. Without it, the CA's root registrar (the
 * organisation's operator) registers the identity in the root affiliation, as for nodes.
 */
export interface Registration {
  /**
   * The company's affiliation, e.g. `manufacturer.gln9506000000022`: the CA writes it into the
   * certificate as `hf.Affiliation`, and no registrar can write another value there.
   */
  readonly affiliation: string;
  /**
   * The MSP folder of the company administrator that registers the identity (a registrar of
   * `affiliation` only, so the CA refuses any other affiliation). Without it the root
   * registrar registers, creating the affiliation first if it is missing.
   */
  readonly registrarMsp?: string;
  /**
   * Makes the identity a company administrator: a registrar of client identities in its own
   * affiliation only, which may set only the `role` and `gln` attributes, and may revoke.
   */
  readonly companyAdministrator?: boolean;
}

/** A registrar's own attributes; quoted, since a value holds a comma. */
const COMPANY_REGISTRAR_ATTRIBUTES = [
  '"hf.Registrar.Roles=client"',
  '"hf.Registrar.Attributes=role,gln"',
  'hf.Revoker=true',
];

/** Creates an affiliation (and its parents) at the CA as its root registrar, unless it exists. */
async function ensureAffiliation(org: OrgTopology, affiliation: string): Promise<void> {
  const args = [
    'affiliation',
    'add',
    affiliation,
    '--force',
    '-u',
    caUrl(org),
    '-M',
    orgLayout(org.key).registrar.dir,
  ];
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client(org, args, `adding affiliation ${affiliation}`);
      return;
    } catch (error) {
      if (!(error instanceof CommandError)) {
        throw error;
      }
      if (/already exists/i.test(error.output)) {
        return;
      }
      // Two workers adding sister companies at once both create the missing parent; the one
      // that loses the insert fails, and its own affiliation is added on the next attempt.
      if (attempt === 3) {
        throw error;
      }
    }
  }
}

/**
 * Registers an identity with a new secret. An identity that already exists is removed first
 * (the CA allows it), so the attributes are exactly those asked for.
 */
export async function register(
  org: OrgTopology,
  id: string,
  type: IdentityType,
  attributes: CertificateAttributes,
  registration?: Registration,
): Promise<string> {
  const layout = orgLayout(org.key);
  const signer = registration?.registrarMsp ?? layout.registrar.dir;
  if (registration !== undefined && registration.registrarMsp === undefined) {
    await ensureAffiliation(org, registration.affiliation);
  }
  const secret = newSecret();
  const attrs = [
    attributeList(attributes),
    ...(registration?.companyAdministrator === true ? COMPANY_REGISTRAR_ATTRIBUTES : []),
  ]
    .filter((part) => part !== '')
    .join(',');
  const args = [
    'register',
    '-u',
    caUrl(org),
    '-M',
    signer,
    '--id.name',
    id,
    '--id.secret',
    secret,
    '--id.type',
    type,
    ...(registration === undefined ? [] : ['--id.affiliation', registration.affiliation]),
    ...(attrs ? ['--id.attrs', attrs] : []),
  ];
  try {
    await client(org, args, `registering ${id}`);
  } catch (error) {
    if (!(error instanceof CommandError) || !/already registered/i.test(error.output)) {
      throw error;
    }
    await client(
      org,
      ['identity', 'remove', id, '-u', caUrl(org), '-M', signer, '--force'],
      `removing ${id} to register it again`,
    );
    await client(org, args, `registering ${id} again`);
  }
  return secret;
}

/** Enrols an identity into `mspDir`; with `tls`, a TLS pair for the organisation's hosts. */
export async function enrol(
  org: OrgTopology,
  id: string,
  secret: string,
  mspDir: string,
  options: { tls?: boolean } = {},
): Promise<void> {
  const args = ['enroll', '-u', caUrl(org, { id, secret }), '-M', mspDir];
  if (options.tls) {
    args.push('--enrollment.profile', 'tls', '--csr.hosts', certificateHosts(org).join(','));
  }
  await client(org, args, `enrolling ${id}${options.tls ? ' (TLS)' : ''}`);
}

/**
 * Revokes an identity at its CA: its certificates are listed as revoked (in the CA's database
 * and every CRL it issues from now on) and it can enrol no more until registered anew.
 *
 * @param revokerMsp the MSP folder of who revokes: by default the root registrar; a company
 *   administrator (`hf.Revoker`) may revoke its own company's users only
 */
export async function revoke(
  org: OrgTopology,
  id: string,
  revokerMsp: string = orgLayout(org.key).registrar.dir,
): Promise<void> {
  await client(
    org,
    ['revoke', '-u', caUrl(org), '-M', revokerMsp, '-e', id, '-r', 'privilegewithdrawn'],
    `revoking ${id}`,
  );
}
