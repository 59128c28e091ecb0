/**
 * How clients reach the network: per organisation its MSP id and peer endpoint with the TLS
 * root to trust, per consortium user its certificate and key. Written as
 * `<run dir>/connection.json` by `up` for tools outside TypeScript, and read back by
 * {@link networkProfile}.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { consortium } from '@packtrace/consortium';
import { consortiumUserAttributes, userMsp } from './crypto-material';
import { connectionProfilePath, orgLayout } from './paths';
import { organisation, organisations } from './topology';

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
  readonly orderer: TlsEndpoint;
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

/** Everything a client needs to connect. */
export interface NetworkProfile {
  readonly channel: string;
  readonly chaincode: string;
  readonly organisations: Readonly<Record<string, OrganisationProfile>>;
  readonly users: Readonly<Record<string, UserProfile>>;
}

function endpoint(host: string, port: number, caFile: string): TlsEndpoint {
  return {
    endpoint: `${host}:${port}`,
    tlsRootCertPath: caFile,
    tlsRootCertPem: readFileSync(caFile, 'utf8'),
  };
}

/** Builds the profile from the topology and the enrolled material. */
export function buildProfile(): NetworkProfile {
  const organisationProfiles: Record<string, OrganisationProfile> = {};
  for (const org of organisations()) {
    const caCert = orgLayout(org.key).caCert;
    organisationProfiles[org.key] = {
      key: org.key,
      mspId: org.mspId,
      name: org.name,
      peer: endpoint(org.clientHost, org.ports.peer, caCert),
      orderer: endpoint(org.clientHost, org.ports.orderer, caCert),
      ca: {
        ...endpoint(org.clientHost, org.ports.ca, caCert),
        endpoint: `https://${org.clientHost}:${org.ports.ca}`,
      },
    };
  }
  const users: Record<string, UserProfile> = {};
  for (const user of consortium.users) {
    const org = organisation(user.party.organisation.key);
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

/** Writes `connection.json`. */
export function writeConnectionProfile(): NetworkProfile {
  const profile = buildProfile();
  writeFileSync(connectionProfilePath(), `${JSON.stringify(profile, null, 2)}\n`);
  return profile;
}

/**
 * The running network's connection profile.
 *
 * @throws Error when no network was brought up here (no connection.json in the run directory).
 */
export function networkProfile(): NetworkProfile {
  const file = connectionProfilePath();
  if (!existsSync(file)) {
    throw new Error('no Fabric network is running here: run npm run network:up');
  }
  return JSON.parse(readFileSync(file, 'utf8')) as NetworkProfile;
}
