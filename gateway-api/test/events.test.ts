import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { consortium } from '@packtrace/consortium';
import { openEmbeddedGateway } from '@packtrace/gateway-api';
import { splitEventFrames } from '../../scanner-web/src/api/server-sent-events';
import {
  EXPIRY,
  PASSWORD,
  as,
  startGateway,
  registerProduct,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

interface StreamedEvent {
  /** The event id: `<block>:<transaction id>`. */
  id: string;
  /** The block number the id names. */
  block: number;
  event: string;
  data: { type: string; parties: string[] };
}

/** Reads a user's event stream until `count` events arrived (or 5 s passed). */
async function readEvents(
  base: string,
  token: string,
  count: number,
  lastEventId?: string,
): Promise<StreamedEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (lastEventId !== undefined) {
    headers['Last-Event-ID'] = lastEventId;
  }
  const events: StreamedEvent[] = [];
  try {
    const response = await fetch(`${base}/api/v1/events`, { headers, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      const { frames, rest } = splitEventFrames(buffer + value);
      buffer = rest;
      for (const frame of frames) {
        events.push({
          id: frame.id ?? '',
          block: Number((frame.id ?? '').split(':')[0]),
          event: frame.event,
          data: JSON.parse(frame.data) as StreamedEvent['data'],
        });
      }
    }
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

describe('the event stream', () => {
  let gw: TestGateway;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    gw = await startGateway();
    server = createServer(gw.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'L1', expiry: EXPIRY, serials: ['E1'] })
      .expect(201);
    await as(gw, 'manufacturer')
      .post('/shipments', {
        to: gw.gln['pharmacist'],
        items: [{ type: 'pack', gtin: GTIN, serial: 'E1' }],
      })
      .expect(201);
  });
  afterAll(async () => {
    server.close();
    await gw.stop();
  });

  it('gives the regulator every event, with block and transaction as ids', async () => {
    const events = await readEvents(base, gw.tokens['regulator'] ?? '', 9);
    expect(events.map((e) => e.event)).toEqual([
      ...consortium.parties.map(() => 'PartyRegistered'),
      'ProductRegistered',
      'PacksCommissioned',
      'ShipmentDispatched',
    ]);
    expect(events.map((e) => e.block)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(events.every((e) => /^[0-9]+:[0-9a-f]{64}$/.test(e.id))).toBe(true);
  });

  it('gives a pharmacy only the events that concern it', async () => {
    const events = await readEvents(base, gw.tokens['pharmacist'] ?? '', 2);
    expect(events.map((e) => e.event)).toEqual(['PartyRegistered', 'ShipmentDispatched']);
    expect(events.every((e) => e.data.parties.includes(gw.gln['pharmacist'] ?? ''))).toBe(true);
  });

  it('resumes after Last-Event-ID and delivers new events live', async () => {
    const last = (await readEvents(base, gw.tokens['regulator'] ?? '', 9)).at(-1);
    const reading = readEvents(base, gw.tokens['regulator'] ?? '', 1, last?.id);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await as(gw, 'pharmacist')
      .post('/alerts', { gtin: GTIN, serial: 'E1', note: 'torn seal' })
      .expect(201);
    const events = await reading;
    expect(events).toEqual([expect.objectContaining({ block: 9, event: 'AlertRaised' })]);
  });

  it.each(['x', '7', `7:${'g'.repeat(64)}`])(
    'refuses a Last-Event-ID that is not an event id (%s)',
    async (id) => {
      const response = await fetch(`${base}/api/v1/events`, {
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
  it('resumes after the last event a client saw, from the ledger the restarted gateway reopens', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'packtrace-restart-'));
    const log = pino({ level: 'silent' });
    const serve = async () => {
      const gateway = await openEmbeddedGateway({ dataDir, password: PASSWORD, log });
      const server = createServer(gateway.app).listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const token = (
        (await (
          await fetch(`${base}/api/v1/auth/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ username: 'regulator', password: PASSWORD }),
          })
        ).json()) as { token: string }
      ).token;
      return {
        base,
        token,
        gateway,
        stop: async () => {
          server.closeAllConnections();
          server.close();
          await gateway.close();
        },
      };
    };
    try {
      const first = await serve();
      // The client saw the first four events, then went away.
      const seen = (await readEvents(first.base, first.token, 4)).slice(0, 4);
      expect(seen.map((e) => e.block)).toEqual([0, 1, 2, 3]);
      await fetch(`${first.base}/api/v1/parties/9506000000039/suspend`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${first.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: 'while the client was away' }),
      });
      await first.stop();
      const second = await serve();
      const suspendedAt = consortium.parties.length;
      const resumed = await readEvents(second.base, second.token, suspendedAt - 3, seen[3]?.id);
      // Nothing missed, nothing twice: every later block once, ending with the suspension.
      expect(resumed.map((e) => e.block)).toEqual(
        Array.from({ length: suspendedAt - 3 }, (_, index) => index + 4),
      );
      expect(resumed.at(-1)).toMatchObject({ event: 'PartySuspended' });
      await second.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
