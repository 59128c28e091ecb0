// Fabric only: each organisation's own gateway (FABRIC_ORGANISATION) on the running network,
// as an organisation's host runs it. It dials its own peer alone, whose Fabric Gateway finds the
// other organisations' endorsers by discovery; it knows its own users only. The embedded ledger
// has no organisations' peers, CAs or key folders to keep apart (FABRIC_ORGANISATION is refused
// there); what holds without a network is tested in gateway-api/test/organisation-gateway.test.ts.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { consortium } from '@packtrace/consortium';
import { openFabricGateway, type AssembledGateway } from '@packtrace/gateway-api';
import {
  networkUserIdentity,
  openNetworkChannel,
  seedConsortium,
  type FabricLedger,
} from '@packtrace/ledger';
import { createChannel } from '@packtrace/network';
import { testDatabaseUrl } from '../support/test-database';
import { EXPIRY } from '../../gateway-api/test/support/test-gateway';
import { recordFileReads } from '../support/network-folder';

const PASSWORD = 'correct horse battery';
const GTIN = '09506000134352';
const SERIALS = ['ORG1', 'ORG2', 'ORG3'];
const log = pino({ level: 'silent' });
const orgKeys = consortium.organisations.map((org) => org.key);

/** One organisation's gateway in a data folder of its own. */
interface OwnGateway {
  readonly gateway: AssembledGateway<FabricLedger>;
  readonly dataDir: string;
  /** Paths under any organisation's folder read while it opened. */
  readonly openedFrom: readonly string[];
}

async function ownGateway(organisation: string, channel: string): Promise<OwnGateway> {
  const dataDir = await mkdtemp(join(tmpdir(), `packtrace-${organisation}-gateway-`));
  const reads = recordFileReads();
  try {
    const gateway = await openFabricGateway({
      dataDir,
      databaseUrl: await testDatabaseUrl(),
      log,
      password: PASSWORD,
      channel,
      organisation,
      // The suite signs in other organisations' users on purpose, all from one address.
      signInRatePerMinute: 1_000,
    });
    const runDir = process.env['NETWORK_DIR'] ?? join(__dirname, '..', '..', 'network', '.run');
    const openedFrom = orgKeys.flatMap((key) =>
      reads.under(join(runDir, key)).map((path) => `${key}: ${path}`),
    );
    return { gateway, dataDir, openedFrom };
  } finally {
    reads.stop();
  }
}

async function token(gateway: OwnGateway, username: string): Promise<string> {
  const response = await request(gateway.gateway.app)
    .post('/api/v1/auth/token')
    .send({ username, password: PASSWORD })
    .expect(200);
  return (response.body as { token: string }).token;
}

describe('each organisation’s own gateway on the Fabric network', () => {
  let acme: OwnGateway;
  let wholesale: OwnGateway;
  let acmeToken: string;
  let wholesaleToken: string;

  beforeAll(async () => {
    const channel = `orggw-${randomBytes(4).toString('hex')}`;
    await createChannel(channel);
    const seeding = openNetworkChannel(channel);
    try {
      await seedConsortium(seeding.session(await networkUserIdentity('regulator')), consortium);
    } finally {
      await seeding.close();
    }
    acme = await ownGateway('manufacturer', channel);
    wholesale = await ownGateway('distributor', channel);
    acmeToken = await token(acme, 'manufacturer');
    wholesaleToken = await token(wholesale, 'distributor');
  });

  afterAll(async () => {
    for (const own of [acme, wholesale]) {
      await own?.gateway.close();
      if (own !== undefined) {
        await rm(own.dataDir, { recursive: true, force: true });
      }
    }
  });

  it('opens only its own organisation’s files', () => {
    expect(acme.openedFrom.filter((path) => !path.startsWith('manufacturer: '))).toEqual([]);
    expect(acme.openedFrom.length).toBeGreaterThan(0);
    expect(wholesale.openedFrom.filter((path) => !path.startsWith('distributor: '))).toEqual([]);
  });

  it('refuses another organisation’s user as one it never heard of', async () => {
    const signIn = async (username: string) => {
      const response = await request(acme.gateway.app)
        .post('/api/v1/auth/token')
        .send({ username, password: PASSWORD });
      return { status: response.status, body: response.body as unknown };
    };
    const unknown = await signIn('nobody-here');
    expect(unknown.status).toBe(401);
    expect(await signIn('distributor')).toEqual(unknown);
  });

  it('commits through its own peer alone: the other endorsers are found by discovery', async () => {
    const auth = { Authorization: `Bearer ${acmeToken}` };
    await request(acme.gateway.app)
      .post('/api/v1/products')
      .set(auth)
      .send({ gtin: GTIN, name: 'P', form: 'tablet', strength: '1 mg', packSize: 10 })
      .expect(201);
    await request(acme.gateway.app)
      .post('/api/v1/batches')
      .set(auth)
      .send({ gtin: GTIN, lot: 'ORG-GW', expiry: EXPIRY, serials: SERIALS })
      .expect(201);
  });

  it('hands a shipment to another organisation, which receives it through its own gateway', async () => {
    const items = SERIALS.map((serial) => ({ type: 'pack', gtin: GTIN, serial }));
    const distributor = consortium.party('distributor').gln;
    const shipped = await request(acme.gateway.app)
      .post('/api/v1/shipments')
      .set({ Authorization: `Bearer ${acmeToken}` })
      .send({ to: distributor, items })
      .expect(201);
    const id = (shipped.body as { id: string }).id;
    const auth = { Authorization: `Bearer ${wholesaleToken}` };
    // The receiver's peer commits the block on its own, a moment after the shipper's peer.
    const deadline = Date.now() + 10_000;
    let listed: string[] = [];
    while (!listed.includes(id) && Date.now() < deadline) {
      const incoming = await request(wholesale.gateway.app)
        .get('/api/v1/shipments?direction=in&status=in_transit')
        .set(auth)
        .expect(200);
      listed = (incoming.body as { items: { id: string }[] }).items.map((item) => item.id);
      if (!listed.includes(id)) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    expect(listed).toContain(id);
    const received = await request(wholesale.gateway.app)
      .post(`/api/v1/shipments/${id}/receive`)
      .set(auth)
      .send({ received: items })
      .expect(200);
    expect((received.body as { status: string }).status).toBe('received');
  });
});
