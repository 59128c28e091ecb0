// Fabric only: the gateway's event stream while the network's processes stop and start. A
// client resuming with its last event id must miss nothing and see nothing twice. Run by
// scripts/test-fabric.sh with LEDGER=fabric on the network it started.
import { down, startNode, stopNode, up } from '@packtrace/network';
import {
  followEvents,
  listen,
  readEvents,
  untilTx,
  type ListeningApp,
} from '../../gateway-api/test/support/event-stream-client';
import { as, startGateway, type TestGateway } from '../../gateway-api/test/support/test-gateway';

/** A whole-network restart takes about 20 s; a restarted peer may take a while to be dialled. */
jest.setTimeout(180_000);

const quiet = { log: () => undefined };

describe('the event stream while the Fabric network restarts', () => {
  let gw: TestGateway;
  let http: ListeningApp;
  let flagged = 0;
  const regulator = () => ({ base: http.base, token: gw.tokens['regulator'] ?? '' });

  /** An alert on a serial nobody commissioned, raised through `username`'s own peer. */
  async function flag(username: string): Promise<string> {
    flagged += 1;
    const response = await as(gw, username)
      .post('/alerts', { gtin: '09506000134352', serial: `N${flagged}`, note: 'fault test' })
      .expect(201);
    return (response.headers as Record<string, string>)['x-transaction-id'] ?? '';
  }

  /** Waits until the gateway reaches every organisation's peer again (its /readyz). */
  async function untilReady(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (!(await gw.ledger.ready())) {
      if (Date.now() > deadline) throw new Error('the gateway did not reach every peer again');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  beforeAll(async () => {
    gw = await startGateway();
    if (gw.ledger.kind !== 'fabric') {
      throw new Error('test/network runs on Fabric only: set LEDGER=fabric');
    }
    http = await listen(gw.app);
  });
  afterAll(async () => {
    await http.close();
    await gw.stop();
  });

  it('keeps a connected client whole while the peer its stream reads from restarts', async () => {
    // A stream starts at the next commit: the client follows from a known event on, so what it
    // must end with is exactly the ledger's events after that one.
    const origin = await flag('pharmacist');
    const start = (await readEvents(regulator(), { from: 'start', until: untilTx(origin) })).at(-1);
    expect(start?.txId).toBe(origin);
    // The regulator's gateway session, and so its stream, goes through the regulator's peer.
    const client = followEvents(regulator, start?.id);
    try {
      const before = await flag('pharmacist');
      await client.waitFor(untilTx(before), 30_000);
      expect(await stopNode('peer', 'regulator')).toBe(true);
      let whileDown: string[];
      try {
        // The other three organisations' peers still endorse and commit.
        whileDown = [await flag('pharmacist'), await flag('manufacturer')];
      } finally {
        await startNode('peer', 'regulator');
      }
      const after = await flag('pharmacist');
      await client.waitFor(untilTx(after), 60_000);
      const all = await readEvents(regulator(), { after: start?.id, until: untilTx(after) });
      expect(all.slice(-3).map((event) => event.txId)).toEqual([...whileDown, after]);
      // Exactly the ledger's events, once each, though the stream was cut and resumed.
      expect(client.events).toEqual(all);
      expect(client.connections).toBeGreaterThan(1);
    } finally {
      client.close();
    }
  });

  it('resumes a client after the whole network restarted, connected or away meanwhile', async () => {
    const seen = await flag('pharmacist');
    const away = (await readEvents(regulator(), { from: 'start', until: untilTx(seen) })).at(-1);
    expect(away?.txId).toBe(seen);
    const client = followEvents(regulator, away?.id);
    try {
      const missed = await flag('manufacturer');
      await client.waitFor(untilTx(missed), 30_000);
      await down(quiet);
      await up(quiet);
      await untilReady();
      const after = await flag('pharmacist');
      await client.waitFor(untilTx(after), 60_000);
      const resumed = await readEvents(regulator(), { after: away?.id, until: untilTx(after) });
      expect(resumed.map((event) => event.txId)).toEqual([missed, after]);
      expect(client.events).toEqual(resumed);
      expect(client.connections).toBeGreaterThan(1);
    } finally {
      client.close();
    }
  });
});
