// Fabric only: the public organisation definitions a consortium is formed from, the genesis
// block built from them, the checks an organisation makes before joining a channel, and the
// signature count before a membership change is submitted. Run by scripts/test-fabric.sh on the
// network it started (each organisation's material is in its folder there); no channel of that
// network is changed except the one this suite creates for itself.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { consortium } from '@packtrace/consortium';
import {
  AGREED_POLICIES,
  ChannelCheckError,
  consortiumGenesis,
  createChannel,
  exportOrganisation,
  joinChannel,
  MajorityError,
  networkProfile,
  parseDefinition,
  proposeAdd,
  proposeRemove,
  readConfigBlock,
  readDefinition,
  status,
  submitUpdate,
  type OrganisationDefinition,
} from '@packtrace/network';

jest.setTimeout(120_000);

const run = promisify(execFile);
const quiet = (): void => undefined;
const configtxlator = join(
  resolve(process.env['FABRIC_BIN_DIR'] ?? join(__dirname, '..', '..', 'network', '.bin')),
  'configtxlator',
);

/** The root certificate a Fabric CA serves at /cainfo (independent of any file on disk). */
function caRootServed(orgKey: string): Promise<string> {
  const ca = networkProfile().organisations[orgKey]?.ca;
  if (ca === undefined) {
    throw new Error(`no CA of ${orgKey} in the connection profile`);
  }
  const url = new URL('/cainfo', ca.endpoint);
  return new Promise((done, fail) => {
    const req = request(url, { ca: ca.tlsRootCertPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          result: { CAChain: string };
        };
        done(Buffer.from(body.result.CAChain, 'base64').toString('utf8'));
      });
    });
    req.on('error', fail);
    req.end();
  });
}

/** The channels an organisation's peer and orderer hold, from their metrics. */
async function channelsOf(orgKey: string): Promise<string[]> {
  const nodes = (await status()).filter((node) => node.organisation === orgKey);
  return nodes.flatMap((node) => Object.keys(node.heights ?? {}));
}

describe('organisations formed into a channel from their public definitions', () => {
  const mailbox = mkdtempSync(join(tmpdir(), 'packtrace-mailbox-'));
  const founders = consortium.organisations.filter((org) => org.consenter);
  const definitionFile = (key: string): string => join(mailbox, `${key}.json`);
  let definitions: OrganisationDefinition[];

  beforeAll(() => {
    definitions = founders.map((org) =>
      exportOrganisation(org.key, definitionFile(org.key), quiet),
    );
  });

  afterAll(() => {
    rmSync(mailbox, { recursive: true, force: true });
  });

  it('exports a definition that holds no private key and whose root is the one its CA serves', async () => {
    for (const org of founders) {
      const text = readFileSync(definitionFile(org.key), 'utf8');
      expect(text).not.toContain('PRIVATE KEY');
      const definition = readDefinition(definitionFile(org.key));
      expect(definition).toMatchObject({ key: org.key, mspId: org.mspId, consenter: true });
      const served = (await caRootServed(org.key)).trim();
      expect(definition.identityRootCertificate.trim()).toBe(served);
      expect(definition.tlsRootCertificate.trim()).toBe(served);
      expect(definition.orderer?.identityCertificate).toContain('BEGIN CERTIFICATE');
    }
  });

  it('refuses to read a definition that carries a private key', () => {
    const [first] = definitions;
    const leaked = JSON.stringify({
      ...first,
      name: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----',
    });
    expect(() => parseDefinition(leaked, 'leaked.json')).toThrow(
      'leaked.json contains a private key: it is not a public definition',
    );
  });

  it('builds a genesis block whose configuration holds each definition and the agreed policies', async () => {
    const block = join(mailbox, 'formed.block');
    await consortiumGenesis(
      'formed',
      block,
      founders.map((org) => definitionFile(org.key)),
      quiet,
    );
    const { channel, view } = await readConfigBlock(block);
    expect(channel).toBe('formed');
    expect(view.policies).toEqual(AGREED_POLICIES);
    expect(view.organisations.map((org) => org.mspId).sort()).toEqual(
      founders.map((org) => org.mspId).sort(),
    );
    for (const definition of definitions) {
      const configured = view.organisations.find((org) => org.mspId === definition.mspId);
      expect(configured?.identityRoots).toEqual([definition.identityRootCertificate]);
      expect(configured?.anchorPeers).toEqual([definition.anchorPeer]);
      const consenter = view.consenters.find((entry) => entry.mspId === definition.mspId);
      expect(consenter?.tlsCertificate).toBe(definition.orderer?.tlsCertificate);
      expect(consenter?.endpoint).toEqual(definition.orderer?.endpoint);
    }
  });

  it('does not join a block that lacks its own definition, and joins nothing', async () => {
    const [joiner, ...others] = founders;
    if (joiner === undefined) {
      throw new Error('no founder');
    }
    const block = join(mailbox, 'without.block');
    await consortiumGenesis(
      'without',
      block,
      others.map((org) => definitionFile(org.key)),
      quiet,
    );
    const refusal = joinChannel(joiner.key, 'without', block, quiet);
    await expect(refusal).rejects.toThrow(ChannelCheckError);
    await expect(refusal).rejects.toThrow(`${joiner.mspId} is not in ${block}`);
    expect(await channelsOf(joiner.key)).not.toContain('without');
  });

  it('does not join a block whose admin policy is weaker than agreed, and joins nothing', async () => {
    const [org] = founders;
    if (org === undefined) {
      throw new Error('no founder');
    }
    const agreed = join(mailbox, 'weak-agreed.block');
    await consortiumGenesis(
      'weak',
      agreed,
      founders.map((founder) => definitionFile(founder.key)),
      quiet,
    );
    // The same block with the application's admin policy lowered to any one organisation.
    const json = join(mailbox, 'weak.json');
    const weak = join(mailbox, 'weak.block');
    await run(configtxlator, [
      'proto_decode',
      '--type',
      'common.Block',
      '--input',
      agreed,
      '--output',
      json,
    ]);
    const decoded = JSON.parse(readFileSync(json, 'utf8')) as {
      data: { data: { payload: { data: { config: Record<string, unknown> } } }[] };
    };
    const config = decoded.data.data[0]?.payload.data.config as {
      channel_group: {
        groups: { Application: { policies: { Admins: { policy: { value: { rule: string } } } } } };
      };
    };
    config.channel_group.groups.Application.policies.Admins.policy.value.rule = 'ANY';
    writeFileSync(json, JSON.stringify(decoded));
    await run(configtxlator, [
      'proto_encode',
      '--type',
      'common.Block',
      '--input',
      json,
      '--output',
      weak,
    ]);

    const refusal = joinChannel(org.key, 'weak', weak, quiet);
    await expect(refusal).rejects.toThrow(ChannelCheckError);
    await expect(refusal).rejects.toThrow(
      'policy applicationAdmins is ANY Admins, the agreed policy is MAJORITY Admins',
    );
    expect(await channelsOf(org.key)).not.toContain('weak');
  });
});

describe('changing who is in a running channel', () => {
  const mailbox = mkdtempSync(join(tmpdir(), 'packtrace-mailbox-'));
  const channel = 'org-membership';
  const [proposer, second] = consortium.organisations;

  beforeAll(async () => {
    await createChannel(channel);
  });

  afterAll(() => {
    rmSync(mailbox, { recursive: true, force: true });
  });

  it('refuses to propose adding a consenter to a running channel', async () => {
    if (proposer === undefined || second === undefined) {
      throw new Error('the consortium has fewer than two organisations');
    }
    // A founder's definition says consenter: true; a joiner must not.
    const file = join(mailbox, `${second.key}.json`);
    exportOrganisation(second.key, file, quiet);
    await expect(
      proposeAdd(proposer.key, channel, file, join(mailbox, 'add.pb'), quiet),
    ).rejects.toThrow('joins a running channel as an application organisation');
  });

  it('does not submit a removal signed by fewer than a MAJORITY, and the member stays', async () => {
    const application = consortium.organisations.find((org) => !org.consenter);
    if (proposer === undefined || application === undefined) {
      // Every organisation is a consenter: there is no application organisation to remove.
      expect(consortium.organisations.every((org) => org.consenter)).toBe(true);
      return;
    }
    const update = join(mailbox, 'remove.pb');
    await proposeRemove(proposer.key, channel, application.key, update, quiet);
    const total = consortium.organisations.length;
    const needed = Math.floor(total / 2) + 1;
    await expect(submitUpdate(proposer.key, channel, update, quiet)).rejects.toThrow(
      new MajorityError(`signed by 1 of ${total} organisations; MAJORITY needs ${needed}`),
    );
    // The organisation still endorses on the channel: its peer's height follows the others'.
    expect(await channelsOf(application.key)).toContain(channel);
  });
});
