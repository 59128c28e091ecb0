/**
 * The crypto material of each organisation, all issued by its own Fabric CA (no cryptogen):
 * an MSP folder and a TLS pair per node and admin, and an MSP folder per user. Everything is
 * created only when missing, so `up` after `down` reuses it, and private keys are 0600.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import {
  type CertificateAttributes,
  enrol,
  enrolRegistrar,
  type IdentityType,
  register,
  type Registration,
} from './certificate-authorities';
import { inParallel } from './commands';
import { withLock } from './lock';
import { type MspFiles, mspFiles, orgLayout, type TlsFiles } from './paths';
import { organisations, type OrgTopology } from './topology';

/** NodeOUs: the role of an identity comes from the OU its CA wrote from the registered type. */
const NODE_OUS = `NodeOUs:
  Enable: true
  ClientOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: client
  PeerOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: peer
  AdminOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: admin
  OrdererOUIdentifier:
    Certificate: cacerts/ca.pem
    OrganizationalUnitIdentifier: orderer
`;

/** Enrolment ids of an organisation's nodes and admin at its CA. */
export function nodeIdentityIds(
  org: Pick<OrgTopology, 'key'>,
): Record<'admin' | 'peer' | 'orderer' | 'chaincode', string> {
  return {
    admin: `admin-${org.key}`,
    peer: `peer0-${org.key}`,
    orderer: `orderer0-${org.key}`,
    chaincode: `chaincode-${org.key}`,
  };
}

function onlyFile(dir: string, what: string): string {
  const files = existsSync(dir) ? readdirSync(dir) : [];
  const [file] = files;
  if (file === undefined || files.length !== 1) {
    throw new Error(`expected exactly one ${what} in ${dir}, found ${files.length}`);
  }
  return join(dir, file);
}

function writePrivateKey(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
  copyFileSync(from, to);
  chmodSync(to, 0o600);
}

/** Turns what fabric-ca-client wrote into a tidy MSP: key.pem, cacerts/ca.pem, NodeOUs. */
function finishMsp(enrolled: string, target: MspFiles): void {
  const staging = `${target.dir}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(join(staging, 'signcerts'), { recursive: true });
  mkdirSync(join(staging, 'cacerts'), { recursive: true });
  copyFileSync(join(enrolled, 'signcerts', 'cert.pem'), join(staging, 'signcerts', 'cert.pem'));
  writePrivateKey(
    onlyFile(join(enrolled, 'keystore'), 'key'),
    join(staging, 'keystore', 'key.pem'),
  );
  copyFileSync(
    onlyFile(join(enrolled, 'cacerts'), 'CA certificate'),
    join(staging, 'cacerts', 'ca.pem'),
  );
  writeFileSync(join(staging, 'config.yaml'), NODE_OUS);
  rmSync(target.dir, { recursive: true, force: true });
  renameSync(staging, target.dir);
}

/** Turns a `tls`-profile enrolment into cert.pem, key.pem (0600) and ca.pem. */
function finishTls(enrolled: string, target: TlsFiles): void {
  const staging = `${target.dir}.staging`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  copyFileSync(join(enrolled, 'signcerts', 'cert.pem'), join(staging, 'cert.pem'));
  writePrivateKey(onlyFile(join(enrolled, 'keystore'), 'key'), join(staging, 'key.pem'));
  copyFileSync(
    onlyFile(join(enrolled, 'tlscacerts'), 'TLS CA certificate'),
    join(staging, 'ca.pem'),
  );
  rmSync(target.dir, { recursive: true, force: true });
  renameSync(staging, target.dir);
}

/** What to enrol for one identity. */
export interface IdentityRequest {
  readonly id: string;
  readonly type: IdentityType;
  readonly attributes?: CertificateAttributes;
  /** Where its signing identity goes, if it needs one. */
  readonly msp?: MspFiles;
  /** Where its TLS pair goes, if it needs one. */
  readonly tls?: TlsFiles;
  /** A user's company affiliation and registrar (none for nodes: the root's). */
  readonly registration?: Registration;
}

/** Registers and enrols one identity at the organisation's CA (signing identity and/or TLS). */
export async function enrolIdentity(org: OrgTopology, request: IdentityRequest): Promise<void> {
  const secret = await register(
    org,
    request.id,
    request.type,
    request.attributes ?? {},
    request.registration,
  );
  const scratch = join(orgLayout(org.key).caClientHome, 'enrolments', request.id);
  try {
    if (request.msp !== undefined) {
      rmSync(scratch, { recursive: true, force: true });
      await enrol(org, request.id, secret, scratch);
      finishMsp(scratch, request.msp);
    }
    if (request.tls !== undefined) {
      rmSync(scratch, { recursive: true, force: true });
      await enrol(org, request.id, secret, scratch, { tls: true });
      finishTls(scratch, request.tls);
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The MSP folder of a user enrolled at an organisation's CA. */
export function userMsp(org: OrgTopology, username: string): MspFiles {
  return mspFiles(join(orgLayout(org.key).users, username, 'msp'));
}

/** The `role`/`gln` attributes a consortium user's certificate carries. */
export function consortiumUserAttributes(username: string): CertificateAttributes {
  const user = consortium.users.find((candidate) => candidate.username === username);
  if (user === undefined) {
    throw new Error(`consortium.json has no user '${username}'`);
  }
  return { role: user.party.role, gln: user.party.gln };
}

/**
 * The affiliation of a company (party) at its organisation's CA: `<organisation>.gln<GLN>`,
 * whose last segment the chaincode's identity gate checks against the certificate's `gln`.
 */
export function companyAffiliation(orgKey: string, gln: string): string {
  return `${orgKey}.gln${gln}`;
}

/**
 * Where a consortium user is registered: its company's affiliation, by the organisation's
 * operator (the root registrar); a company administrator is made a registrar of it.
 */
export function consortiumUserRegistration(username: string): Registration {
  const user = consortium.users.find((candidate) => candidate.username === username);
  if (user === undefined) {
    throw new Error(`consortium.json has no user '${username}'`);
  }
  return {
    affiliation: companyAffiliation(user.party.organisation.key, user.party.gln),
    ...(user.admin ? { companyAdministrator: true } : {}),
  };
}

/** The organisation's MSP as channel configuration holds it: its root for identities and TLS. */
function writeChannelMsp(org: OrgTopology): void {
  const layout = orgLayout(org.key);
  for (const folder of ['cacerts', 'tlscacerts']) {
    mkdirSync(join(layout.msp, folder), { recursive: true });
    copyFileSync(layout.caCert, join(layout.msp, folder, 'ca.pem'));
  }
  writeFileSync(join(layout.msp, 'config.yaml'), NODE_OUS);
}

/**
 * Creates whatever crypto material of one organisation is missing: its channel MSP, the admin,
 * peer, orderer and chaincode server identities, and its consortium users.
 */
export async function ensureOrgCrypto(org: OrgTopology): Promise<number> {
  const layout = orgLayout(org.key);
  // The CA writes its Idemix issuer keys world-readable; every private key is owner-only here.
  const caKeys = join(layout.caHome, 'msp', 'keystore');
  for (const file of existsSync(caKeys) ? readdirSync(caKeys) : []) {
    chmodSync(join(caKeys, file), 0o600);
  }
  if (!existsSync(layout.registrar.cert)) {
    const enrolled = join(layout.caClientHome, 'registrar-enrolment');
    rmSync(enrolled, { recursive: true, force: true });
    await enrolRegistrar(org, enrolled);
    finishMsp(enrolled, layout.registrar);
    rmSync(enrolled, { recursive: true, force: true });
  }
  writeChannelMsp(org);
  const ids = nodeIdentityIds(org);
  const users = consortium.users.filter((user) => user.party.organisation.key === org.key);
  for (const user of users) {
    if (Object.values(ids).includes(user.username)) {
      throw new Error(
        `consortium user '${user.username}' clashes with a node identity of ${org.key}`,
      );
    }
  }
  const requests: IdentityRequest[] = [
    { id: ids.admin, type: 'admin', msp: layout.admin.msp, tls: layout.admin.tls },
    { id: ids.peer, type: 'peer', msp: layout.peer.msp, tls: layout.peer.tls },
    ...(org.consenter
      ? [
          {
            id: ids.orderer,
            type: 'orderer',
            msp: layout.orderer.msp,
            tls: layout.orderer.tls,
          } as const,
        ]
      : []),
    { id: ids.chaincode, type: 'client', tls: layout.chaincode.tls },
  ];
  const missing = requests.filter(
    (request) =>
      (request.msp !== undefined && !existsSync(request.msp.cert)) ||
      (request.tls !== undefined && !existsSync(request.tls.cert)),
  );
  await inParallel(missing, 2, (request) => enrolIdentity(org, request));
  const enrolledUsers = await inParallel(users, 2, (user) =>
    ensureUser(
      org,
      user.username,
      consortiumUserAttributes(user.username),
      consortiumUserRegistration(user.username),
    ),
  );
  return missing.length + enrolledUsers.filter(Boolean).length;
}

/** Where the attributes of a user's current certificate are recorded. */
export function attributesFile(org: OrgTopology, username: string): string {
  return join(orgLayout(org.key).users, username, 'attributes.json');
}

function canonicalAttributes(
  attributes: CertificateAttributes,
  registration: Registration | undefined,
): string {
  const sorted = JSON.stringify(Object.fromEntries(Object.entries(attributes).sort()));
  if (registration === undefined) {
    return sorted;
  }
  // Who registered it and where are part of what the certificate is: a change enrols anew.
  const { affiliation, registrarMsp = '', companyAdministrator = false } = registration;
  return `${sorted} ${JSON.stringify({ affiliation, registrarMsp, companyAdministrator })}`;
}

/**
 * Enrols a client user with exactly these certificate attributes unless its certificate with
 * the same attributes exists already. Returns true if it enrolled.
 */
export async function ensureUser(
  org: OrgTopology,
  username: string,
  attributes: CertificateAttributes,
  registration?: Registration,
): Promise<boolean> {
  const msp = userMsp(org, username);
  const recorded = attributesFile(org, username);
  const wanted = canonicalAttributes(attributes, registration);
  const current = (): boolean =>
    existsSync(msp.cert) &&
    existsSync(recorded) &&
    readFileSync(recorded, 'utf8').trim() === wanted;
  if (current()) {
    return false;
  }
  // Test workers enrol the same extra users at the same moment; registering twice at once
  // would remove the identity under the other's feet.
  const lock = join(orgLayout(org.key).users, `${username}.lock`);
  return withLock(lock, `enrolling ${username} at ${org.key}`, async () => {
    if (current()) {
      return false;
    }
    rmSync(recorded, { force: true });
    await enrolIdentity(org, { id: username, type: 'client', attributes, msp, registration });
    writeFileSync(recorded, `${wanted}\n`);
    return true;
  });
}

/**
 * Gives every organisation a bundle of every organisation's TLS root. In a real deployment
 * this is the one thing organisations exchange besides channel configuration: public CA
 * certificates.
 */
export function writeTlsRootBundles(): void {
  const bundle = organisations()
    .map((org) => readFileSync(orgLayout(org.key).caCert, 'utf8').trim())
    .join('\n');
  for (const org of organisations()) {
    const file = orgLayout(org.key).tlsRootBundle;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${bundle}\n`);
  }
}
