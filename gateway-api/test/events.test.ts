// The event stream on whichever ledger LEDGER selects. Block numbers differ between the
// backends (Fabric's channel starts with configuration blocks and may order several concurrent
// transactions into one block), so the assertions are about order, ids and resumption.
import { consortium } from '@packtrace/consortium';
import {
  followEvents,
  listen,
  readEvents,
  untilCount,
  untilTx,
  type ListeningApp,
  type StreamedEvent,
} from './support/event-stream-client';
import { openEventStream } from './support/open-event-stream';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

/** The transaction id a write's answer names. */
function txIdOf(response: { headers: Record<string, string> }): string {
  return response.headers['x-transaction-id'] ?? '';
}

/** Flags a serial nobody commissioned: an alert that concerns only `username`'s party. */
async function flag(gw: TestGateway, username: string, serial: string): Promise<string> {
  return txIdOf(
    await as(gw, username)
      .post('/alerts', { gtin: GTIN, serial, note: 'seen in the stream test' })
      .expect(201),
  );
}

/** Whether each event's block is at least the one before it (commit order). */
function inCommitOrder(events: readonly StreamedEvent[]): boolean {
  return events.every((event, index) => index === 0 || event.block >= events[index - 1]!.block);
}

describe('the event stream', () => {
  let gw: TestGateway;
  let http: ListeningApp;
  let commissioned: string;
  let dispatched: string;
  const endpoint = (username: string) => ({ base: http.base, token: gw.tokens[username] ?? '' });

  beforeAll(async () => {
    gw = await startGateway();
    http = await listen(gw.app);
    await registerProduct(gw);
    commissioned = txIdOf(
      await as(gw, 'manufacturer')
        .post('/batches', { gtin: GTIN, lot: 'L1', expiry: EXPIRY, serials: ['E1'] })
        .expect(201),
    );
    dispatched = txIdOf(
      await as(gw, 'manufacturer')
        .post('/shipments', {
          to: gw.gln['pharmacist'],
          items: [{ type: 'pack', gtin: GTIN, serial: 'E1' }],
        })
        .expect(201),
    );
  });
  afterAll(async () => {
    await http.close();
    await gw.stop();
  });

  it('gives the regulator every event in commit order, with block and transaction as ids', async () => {
    const events = await readEvents(endpoint('regulator'), {
      from: 'start',
      until: untilTx(dispatched),
    });
    expect(events.map((e) => e.event)).toEqual([
      ...consortium.parties.map(() => 'PartyRegistered'),
      'ProductRegistered',
      'PacksCommissioned',
      'ShipmentDispatched',
    ]);
    expect(events.map((e) => e.data.type)).toEqual(events.map((e) => e.event));
    expect(events.every((e) => /^[0-9]+:[0-9a-f]{64}$/.test(e.id))).toBe(true);
    expect(inCommitOrder(events)).toBe(true);
    // The suite's own writes were each answered once committed, before the next was sent: a
    // block each, in order. (Seeding registers the parties together, so they may share a block.)
    const own = events.slice(-3);
    expect(own.every((e, i) => i === 0 || e.block > own[i - 1]!.block)).toBe(true);
    // The ids name the transactions the requests committed, in the blocks the ledger holds.
    expect(events.slice(-2).map((e) => e.txId)).toEqual([commissioned, dispatched]);
    expect(events.at(-1)?.block).toBe((await gw.height()) - 1);
  });

  it('gives a pharmacy only the events that concern it, under the same ids', async () => {
    const all = await readEvents(endpoint('regulator'), {
      from: 'start',
      until: untilTx(dispatched),
    });
    const events = await readEvents(endpoint('pharmacist'), {
      from: 'start',
      until: untilTx(dispatched),
    });
    expect(events.map((e) => e.event)).toEqual(['PartyRegistered', 'ShipmentDispatched']);
    expect(events).toEqual(all.filter((e) => e.data.parties.includes(gw.gln['pharmacist'] ?? '')));
  });

  it('resumes after Last-Event-ID and delivers new events live', async () => {
    const last = (
      await readEvents(endpoint('regulator'), { from: 'start', until: untilTx(dispatched) })
    ).at(-1);
    const reading = readEvents(endpoint('regulator'), { after: last?.id, until: untilCount(2) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const raised = txIdOf(
      await as(gw, 'pharmacist')
        .post('/alerts', { gtin: GTIN, serial: 'E1', note: 'torn seal' })
        .expect(201),
    );
    const after = await flag(gw, 'pharmacist', 'E9');
    const events = await reading;
    // Neither the event resumed after again nor any before it: the two new ones, in order.
    expect(events).toEqual([
      expect.objectContaining({ event: 'AlertRaised', txId: raised }),
      expect.objectContaining({ event: 'AlertRaised', txId: after }),
    ]);
    expect(events[0]?.block).toBeGreaterThan(last?.block ?? Infinity);
  });

  it('resumes after any event of a run of concurrent transactions, within a block as well, for each party', async () => {
    const writers = ['pharmacist', 'pharmacist2', 'manufacturer'];
    // Packs the ledger knows: flags of unknown serials count against their party's bound, one
    // key per party, so a party's concurrent ones would be retried one after another.
    await as(gw, 'manufacturer')
      .post('/batches', {
        gtin: GTIN,
        lot: 'L-RUN',
        expiry: EXPIRY,
        serials: Array.from({ length: 9 }, (_, index) => `C${index}`),
      })
      .expect(201);
    const concurrent = await Promise.all(
      [...writers, ...writers, ...writers].map((username, index) =>
        flag(gw, username, `C${index}`),
      ),
    );
    const sentinel = await flag(gw, 'pharmacist', 'C-last');
    const all = await readEvents(endpoint('regulator'), {
      from: 'start',
      until: untilTx(sentinel),
    });
    // From the last event before the run to the sentinel after it.
    const first = all.findIndex((e) => concurrent.includes(e.txId));
    const run = all.slice(first - 1);
    expect(
      run
        .slice(1, -1)
        .map((e) => e.txId)
        .sort(),
    ).toEqual([...concurrent].sort());
    expect(new Set(run.map((e) => e.id)).size).toBe(run.length);
    expect(inCommitOrder(run)).toBe(true);
    // Fabric orders concurrent transactions into shared blocks; the embedded ledger commits
    // one transaction per block.
    const sharedBlocks = run.filter((e, i) => i > 0 && e.block === run[i - 1]!.block);
    expect(sharedBlocks.length > 0).toBe(gw.ledger.kind === 'fabric');
    const pharmacy = gw.gln['pharmacist'] ?? '';
    for (const [index, cursor] of run.slice(0, -1).entries()) {
      const later = run.slice(index + 1);
      expect(
        await readEvents(endpoint('regulator'), { after: cursor.id, until: untilTx(sentinel) }),
      ).toEqual(later);
      // A party resumes after any event id, its own or not, and sees only its own events.
      expect(
        await readEvents(endpoint('pharmacist'), { after: cursor.id, until: untilTx(sentinel) }),
      ).toEqual(later.filter((e) => e.data.parties.includes(pharmacy)));
    }
  });

  it('starts at the next commit when given no cursor: nothing from before it opened', async () => {
    const stream = await openEventStream(http.base, gw.tokens['regulator'] ?? '');
    try {
      const raised = await flag(gw, 'pharmacist', 'N1');
      await stream.waitFor((e) => e.id.endsWith(`:${raised}`), 10_000);
      expect(stream.received.map((e) => e.id.split(':')[1])).toEqual([raised]);
    } finally {
      stream.close();
    }
  });

  it.each(['x', '7', `7:${'g'.repeat(64)}`])(
    'refuses a Last-Event-ID that is not an event id (%s)',
    async (id) => {
      const response = await fetch(`${http.base}/api/v1/events`, {
        headers: { Authorization: `Bearer ${gw.tokens['regulator'] ?? ''}`, 'Last-Event-ID': id },
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        'VALIDATION_FAILED',
      );
    },
  );
});

describe('the event stream across a gateway restart', () => {
  let gw: TestGateway;
  let http: ListeningApp;
  const endpoint = () => ({ base: http.base, token: gw.tokens['regulator'] ?? '' });

  /** Closes the gateway (dropping its streams) and serves a new one on its data and ledger. */
  async function restart(): Promise<void> {
    await http.close();
    gw = await gw.restart();
    http = await listen(gw.app);
  }

  beforeAll(async () => {
    gw = await startGateway();
    http = await listen(gw.app);
  });
  afterAll(async () => {
    await http.close();
    await gw.stop();
  });

  it('resumes after the last event a client saw, from the ledger the restarted gateway reopens', async () => {
    // The client saw the first four events, then went away.
    const seen = await readEvents(endpoint(), { from: 'start', until: untilCount(4) });
    const suspended = txIdOf(
      await as(gw, 'regulator')
        .post(`/parties/${gw.gln['pharmacist2'] ?? ''}/suspend`, {
          reason: 'while the client was away',
        })
        .expect(200),
    );
    await restart();
    const resumed = await readEvents(endpoint(), { after: seen[3]?.id, until: untilTx(suspended) });
    const all = await readEvents(endpoint(), { from: 'start', until: untilTx(suspended) });
    expect(all.slice(0, 4)).toEqual(seen);
    // Nothing missed, nothing twice: every later event once, ending with the suspension.
    expect(resumed).toEqual(all.slice(4));
    expect(resumed.at(-1)).toMatchObject({ event: 'PartySuspended' });
  });

  it('keeps a connected client whole through a restart: it reconnects with its last id', async () => {
    const client = followEvents(endpoint);
    try {
      // Without a cursor the client's stream starts at the next commit: let it open first.
      for (let wait = 0; client.connections === 0 && wait < 400; wait += 1) {
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      const before = txIdOf(
        await as(gw, 'regulator')
          .post(`/parties/${gw.gln['pharmacist2'] ?? ''}/authorise`, { reason: 'cleared' })
          .expect(200),
      );
      await client.waitFor(untilTx(before), 10_000);
      await restart();
      const after = await flag(gw, 'pharmacist', 'R1');
      await client.waitFor(untilTx(after), 10_000);
      const all = await readEvents(endpoint(), { from: 'start', until: untilTx(after) });
      // The client started at the event it was opened before, and lost nothing after it.
      expect(client.events).toEqual(all.slice(all.findIndex((e) => e.txId === before)));
      expect(client.connections).toBe(2);
    } finally {
      client.close();
    }
  });
});
