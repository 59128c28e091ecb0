// A gateway of one organisation (FABRIC_ORGANISATION) on a host that holds every
// organisation's folder, as the one-machine network leaves it: it knows its own organisation's
// users only, enrols only at its own CA, and never opens another organisation's files. Opened
// on a run folder with placeholder PEMs: nothing here dials a node.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { consortium } from '@packtrace/consortium';
import { openFabricGateway, type AssembledGateway } from '@packtrace/gateway-api';
import type { FabricLedger } from '@packtrace/ledger';
import { writeConnectionProfile } from '../../network/src/profile';
import {
  networkFolder,
  recordFileReads,
  type FileReads,
  type NetworkFolder,
} from '../../test/support/network-folder';
import { ConfigError, loadConfig } from '../src/config/gateway-config';
import { PASSWORD } from './support/test-gateway';
import { testDatabaseUrl } from '../../test/support/test-database';

const OWN = 'manufacturer';
const ownUsers = consortium.users.filter((user) => user.party.organisation.key === OWN);
const strangers = consortium.users.filter((user) => user.party.organisation.key !== OWN);
const others = consortium.organisations.filter((org) => org.key !== OWN).map((org) => org.key);
const log = pino({ level: 'silent' });

describe('FABRIC_ORGANISATION', () => {
  it('names the organisation a Fabric gateway serves, or none', () => {
    expect(loadConfig({ LEDGER: 'fabric', FABRIC_ORGANISATION: OWN }).fabricOrganisation).toBe(OWN);
    expect(loadConfig({ LEDGER: 'fabric' }).fabricOrganisation).toBeUndefined();
  });

  it('must be an organisation of consortium.json, and the message lists them', () => {
    const load = () => loadConfig({ LEDGER: 'fabric', FABRIC_ORGANISATION: 'acme' });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(
      `FABRIC_ORGANISATION: FABRIC_ORGANISATION must be an organisation of consortium.json: ${consortium.organisations.map((org) => org.key).join(', ')}`,
    );
  });

  it('applies to the Fabric ledger only', () => {
    expect(() => loadConfig({ FABRIC_ORGANISATION: OWN })).toThrow(
      'FABRIC_ORGANISATION: applies to LEDGER=fabric only',
    );
  });
});

describe('a gateway serving one organisation, on a host with every organisation’s folder', () => {
  let folder: NetworkFolder;
  let dataDir: string;
  let reads: FileReads;
  let gateway: AssembledGateway<FabricLedger>;

  beforeAll(async () => {
    folder = await networkFolder();
    writeConnectionProfile();
    dataDir = await mkdtemp(join(tmpdir(), 'packtrace-org-gateway-'));
    reads = recordFileReads();
    gateway = await openFabricGateway({
      dataDir,
      databaseUrl: await testDatabaseUrl(),
      log,
      password: PASSWORD,
      organisation: OWN,
      // Every stranger's sign-in below fails, from one address.
      signInRatePerMinute: 1_000,
    });
  });

  afterAll(async () => {
    reads.stop();
    await gateway.close();
    await rm(dataDir, { recursive: true, force: true });
    await folder.remove();
  });

  it('reads its own users’ keys and never opens a file of another organisation', () => {
    const own = reads.under(folder.organisationDir(OWN));
    for (const user of ownUsers) {
      const key = own.filter((path) => path.includes(`${sep}${user.username}${sep}`));
      expect(key.some((path) => path.endsWith('key.pem'))).toBe(true);
    }
    for (const other of others) {
      expect(reads.under(folder.organisationDir(other))).toEqual([]);
    }
  });

  it('keeps only its own users’ identities in its wallet', async () => {
    expect((await readdir(join(dataDir, 'wallet'))).sort()).toEqual(
      ownUsers.map((user) => user.username).sort(),
    );
  });

  it('signs its own users in', async () => {
    for (const user of ownUsers) {
      await request(gateway.app)
        .post('/api/v1/auth/token')
        .send({ username: user.username, password: PASSWORD })
        .expect(200);
    }
  });

  it('refuses another organisation’s user exactly as a user it never heard of', async () => {
    const signIn = async (username: string) => {
      const response = await request(gateway.app)
        .post('/api/v1/auth/token')
        .send({ username, password: PASSWORD });
      return { status: response.status, body: response.body as unknown };
    };
    const unknown = await signIn('nobody-here');
    expect(unknown.status).toBe(401);
    for (const stranger of strangers) {
      expect(await signIn(stranger.username)).toEqual(unknown);
    }
  });

  it('enrols and revokes at its own CA only', async () => {
    for (const stranger of strangers) {
      const user = {
        username: `${stranger.username}-new`,
        role: stranger.party.role,
        gln: stranger.party.gln,
        mspId: stranger.party.organisation.mspId,
      };
      await expect(gateway.issuer.enrol(user)).rejects.toThrow(
        `this gateway serves organisation '${OWN}' only: it cannot enrol ${user.username} of ${user.mspId} at another organisation's CA`,
      );
      await expect(gateway.issuer.revoke(user)).rejects.toThrow(
        `it cannot revoke ${user.username} of ${user.mspId}`,
      );
    }
    for (const other of others) {
      expect(reads.under(folder.organisationDir(other))).toEqual([]);
    }
  });
});

describe('a gateway of one organisation on a data folder that served every organisation', () => {
  it('refuses to start, naming the users whose keys that folder holds', async () => {
    const folder = await networkFolder();
    const dataDir = await mkdtemp(join(tmpdir(), 'packtrace-org-gateway-'));
    try {
      writeConnectionProfile();
      const databaseUrl = await testDatabaseUrl();
      const everyone = await openFabricGateway({ dataDir, databaseUrl, log, password: PASSWORD });
      await everyone.close();
      await expect(
        openFabricGateway({ dataDir, databaseUrl, log, password: PASSWORD, organisation: OWN }),
      ).rejects.toThrow(
        `this gateway serves organisation '${OWN}' only, but its data folder holds users of other organisations (${strangers.map((user) => user.username).join(', ')}): give it a data folder of its own`,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
      await folder.remove();
    }
  });
});
