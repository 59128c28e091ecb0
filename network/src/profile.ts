/**
 * How clients reach the network from this host: per organisation whose material is here its
 * MSP id and peer endpoint with the TLS root to trust, per user of those organisations its
 * certificate and key. On the one-machine network every organisation's folder is here; on an
 * organisation's own host only its own is, and its clients find the other organisations' peers
 * through the Fabric Gateway's discovery on their own peer, never through this profile. Written
 * as `<run dir>/connection.json` for tools outside TypeScript (by `up`, and by an organisation's
 * own tooling), and read back by {@link networkProfile}.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { consortium } from '@packtrace/consortium';
import { consortiumUserAttributes, userMsp } from './crypto-material';
import { connectionProfilePath, orgLayout, runDir } from './paths';
import { organisation, organisations, type OrgTopology } from './topology';

/** An endpoint with the TLS root that verifies it. */
export interface TlsEndpoint {
  /** `host:port` to dial; `localhost:<port>` locally (the certificates carry DNS:localhost). */
  readonly endpoint: string;
  readonly tlsRootCertPath: string;
  readonly tlsRootCertPem: string;
}

/** One organisation as a client sees it. */
export interface OrganisationProfile {
  readonly key: string;
  readonly mspId: string;
  readonly name: string;
  /** The organisation's peer, whose gateway service clients submit through. */
  readonly peer: TlsEndpoint;
  /** Its orderer; none for an organisation that is not one of the channels' consenters. */
  readonly orderer?: TlsEndpoint;
  /** The organisation's Fabric CA (`https://host:port`). */
  readonly ca: TlsEndpoint;
}

/** A consortium user's identity files. */
export interface UserProfile {
  readonly username: string;
  /** Key of the organisation whose CA issued the certificate (and whose peer it should use). */
  readonly organisation: string;
  readonly mspId: string;
  readonly role: string;
  readonly gln: string;
  readonly certificatePath: string;
  readonly privateKeyPath: string;
}

/** Everything a client on this host needs to connect. */
export interface NetworkProfile {
  readonly channel: string;
  readonly chaincode: string;
  /** The organisations whose material is on this host, by key. */
  readonly organisations: Readonly<Record<string, OrganisationProfile>>;
  /** The consortium users of those organisations only, by username. */
  readonly users: Readonly<Record<string, UserProfile>>;
}

/** The message every "no network here" error starts with (the gateway's start-up reads it). */
const NO_NETWORK = 'no Fabric network is running here';

function endpoint(host: string, port: number, caFile: string): TlsEndpoint {
  return {
    endpoint: `${host}:${port}`,
    tlsRootCertPath: caFile,
    tlsRootCertPem: readFileSync(caFile, 'utf8'),
  };
}

/** Whether the organisation's own folder, with its CA's root certificate, is on this host. */
function materialHere(org: OrgTopology): boolean {
  return existsSync(orgLayout(org.key).caCert);
}

function organisationProfile(org: OrgTopology): OrganisationProfile {
  // Only public files of the organisation's own folder are read: its CA's root certificate.
  const caCert = orgLayout(org.key).caCert;
  return {
    key: org.key,
    mspId: org.mspId,
    name: org.name,
    peer: endpoint(org.clientHost, org.ports.peer, caCert),
    ...(org.consenter ? { orderer: endpoint(org.clientHost, org.ports.orderer, caCert) } : {}),
    ca: {
      ...endpoint(org.clientHost, org.ports.ca, caCert),
      endpoint: `https://${org.clientHost}:${org.ports.ca}`,
    },
  };
}

/**
 * Builds the profile from the topology and the enrolled material on this host: every
 * organisation whose folder is here, or only `orgKey`'s. Paths only: no private key is read.
 *
 * @param orgKey the one organisation to describe (its own host's tooling names it)
 * @throws Error starting `no Fabric network is running here` when no organisation's material
 *   (or not `orgKey`'s) is on this host; an unknown `orgKey` is named as such
 */
export function buildProfile(orgKey?: string): NetworkProfile {
  const present =
    orgKey === undefined
      ? organisations().filter(materialHere)
      : [organisation(orgKey)].filter(materialHere);
  if (present.length === 0) {
    throw new Error(
      orgKey === undefined
        ? `${NO_NETWORK}: no organisation's material is under ${runDir()}`
        : `${NO_NETWORK}: organisation '${orgKey}' has no material under ${orgLayout(orgKey).root}`,
    );
  }
  const organisationProfiles: Record<string, OrganisationProfile> = {};
  for (const org of present) {
    organisationProfiles[org.key] = organisationProfile(org);
  }
  const users: Record<string, UserProfile> = {};
  for (const user of consortium.users) {
    const org = present.find((candidate) => candidate.key === user.party.organisation.key);
    if (org === undefined) {
      continue;
    }
    const msp = userMsp(org, user.username);
    const attributes = consortiumUserAttributes(user.username);
    users[user.username] = {
      username: user.username,
      organisation: org.key,
      mspId: org.mspId,
      role: attributes['role'] ?? '',
      gln: attributes['gln'] ?? '',
      certificatePath: msp.cert,
      privateKeyPath: msp.key,
    };
  }
  return {
    channel: consortium.channel,
    chaincode: consortium.chaincode,
    organisations: organisationProfiles,
    users,
  };
}

/**
 * Writes `<run dir>/connection.json` describing the organisations whose material is on this
 * host (see {@link buildProfile}): all of them after the one-machine `up`, only its own on an
 * organisation's host.
 */
export function writeConnectionProfile(): NetworkProfile {
  const profile = buildProfile();
  writeFileSync(connectionProfilePath(), `${JSON.stringify(profile, null, 2)}\n`);
  return profile;
}

/**
 * The connection profile of the network as this host sees it, whole or narrowed to one
 * organisation: its peer and its own users only, so that a client acting for that organisation
 * never learns where another organisation keeps its users' keys.
 *
 * @param orgKey the organisation to narrow to
 * @throws Error starting `no Fabric network is running here` when no network was brought up
 *   here (no connection.json in the run directory), or `orgKey`'s material is not on this host
 */
export function networkProfile(orgKey?: string): NetworkProfile {
  const file = connectionProfilePath();
  if (!existsSync(file)) {
    throw new Error(`${NO_NETWORK}: run npm run network:up`);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as NetworkProfile;
  if (orgKey === undefined) {
    return profile;
  }
  const own = profile.organisations[orgKey];
  if (own === undefined) {
    throw new Error(
      `${NO_NETWORK}: organisation '${orgKey}' is not in ${file} (its material is not on this host)`,
    );
  }
  return {
    ...profile,
    organisations: { [orgKey]: own },
    users: Object.fromEntries(
      Object.entries(profile.users).filter(([, user]) => user.organisation === orgKey),
    ),
  };
}
