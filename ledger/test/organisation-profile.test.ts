// Which organisations' peers and users a client on a host is given, from the folders on that
// host: an organisation's own host holds its own folder only. Checked on folder trees with
// placeholder PEMs, without a network (nothing here dials a node).
import { consortium } from '@packtrace/consortium';
import { networkUserIdentity, openNetworkChannel } from '@packtrace/ledger';
import { buildProfile, networkProfile, writeConnectionProfile } from '../../network/src/profile';
import {
  networkFolder,
  recordFileReads,
  type NetworkFolder,
} from '../../test/support/network-folder';

const OWN = 'manufacturer';
const ownUsers = consortium.users
  .filter((user) => user.party.organisation.key === OWN)
  .map((user) => user.username)
  .sort();
const strangers = consortium.users.filter((user) => user.party.organisation.key !== OWN);
const others = consortium.organisations.filter((org) => org.key !== OWN).map((org) => org.key);

describe('the connection profile on an organisation’s own host (its folder only)', () => {
  let folder: NetworkFolder;

  beforeEach(async () => {
    folder = await networkFolder([OWN]);
  });

  afterEach(async () => {
    await folder.remove();
  });

  it('lists that organisation’s peer and its own users only, and reads no private key', () => {
    const reads = recordFileReads();
    try {
      const profile = buildProfile();
      expect(Object.keys(profile.organisations)).toEqual([OWN]);
      expect(profile.organisations[OWN]?.peer.endpoint).toMatch(/^localhost:\d+$/);
      expect(Object.keys(profile.users).sort()).toEqual(ownUsers);
      expect(reads.paths().filter((path) => path.endsWith('key.pem'))).toEqual([]);
    } finally {
      reads.stop();
    }
  });

  it('is written and read back as the network profile', () => {
    writeConnectionProfile();
    expect(Object.keys(networkProfile().organisations)).toEqual([OWN]);
    expect(Object.keys(networkProfile(OWN).users).sort()).toEqual(ownUsers);
  });

  it('names an organisation whose material is not here, for a profile or a channel', () => {
    writeConnectionProfile();
    const [other] = others;
    expect(() => networkProfile(other)).toThrow(
      `no Fabric network is running here: organisation '${other}' is not in`,
    );
    expect(() => openNetworkChannel(undefined, { organisation: other })).toThrow(
      /no Fabric network is running here/,
    );
    expect(() => buildProfile(other)).toThrow(`organisation '${other}' has no material under`);
  });
});

describe('the connection profile of the one-machine network (every folder here)', () => {
  let folder: NetworkFolder;

  beforeEach(async () => {
    folder = await networkFolder();
    writeConnectionProfile();
  });

  afterEach(async () => {
    await folder.remove();
  });

  it('lists every organisation and every consortium user, as before', () => {
    const profile = networkProfile();
    expect(Object.keys(profile.organisations)).toEqual(
      consortium.organisations.map((org) => org.key),
    );
    expect(Object.keys(profile.users).sort()).toEqual(
      consortium.users.map((user) => user.username).sort(),
    );
  });

  it('gives only an organisation’s orderer where it runs one', () => {
    const profile = networkProfile();
    for (const org of consortium.organisations) {
      expect(profile.organisations[org.key]?.orderer !== undefined).toBe(org.consenter);
    }
  });

  it('narrowed to one organisation, holds its peer and its users only', () => {
    const profile = networkProfile(OWN);
    expect(Object.keys(profile.organisations)).toEqual([OWN]);
    expect(Object.keys(profile.users).sort()).toEqual(ownUsers);
  });

  it('gives a user’s identity for their own organisation, and never opens another’s key', async () => {
    const reads = recordFileReads();
    try {
      const [own] = ownUsers;
      const identity = await networkUserIdentity(own ?? '', OWN);
      expect(identity.mspId).toBe(consortium.organisation(OWN).mspId);
      expect(identity.privateKey).toContain('PRIVATE KEY');
      for (const stranger of strangers) {
        await expect(networkUserIdentity(stranger.username, OWN)).rejects.toThrow(
          `the Fabric network has no enrolled user '${stranger.username}' of ${OWN}`,
        );
      }
      // The recording sees reads: the own user's key was read, no other organisation's file.
      expect(reads.under(folder.organisationDir(OWN))).toEqual(
        expect.arrayContaining([expect.stringMatching(/keystore\/key\.pem$/)]),
      );
      for (const other of others) {
        expect(reads.under(folder.organisationDir(other))).toEqual([]);
      }
    } finally {
      reads.stop();
    }
  });
});

describe('a host with no organisation’s material', () => {
  it('has no network to describe', async () => {
    const folder = await networkFolder([]);
    try {
      expect(() => buildProfile()).toThrow(
        /^no Fabric network is running here: no organisation's material is under/,
      );
      expect(() => networkProfile()).toThrow(/^no Fabric network is running here/);
    } finally {
      await folder.remove();
    }
  });
});
