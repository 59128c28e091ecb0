import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openEmbeddedGateway } from '@packtrace/gateway-api';
import {
  PASSWORD,
  as,
  startGateway,
  registerProduct,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

interface StreamedEvent {
  id: number;
  event: string;
  data: { type: string; parties: string[] };
}

/** Reads a user's event stream until `count` events arrived (or 5 s passed). */
async function readEvents(
  base: string,
  token: string,
  count: number,
  lastEventId?: number,
): Promise<StreamedEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (lastEventId !== undefined) {
    headers['Last-Event-ID'] = String(lastEventId);
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
      buffer += value;
      const frames = buffer.split('\n\n');
      buffer = frames.pop() ?? '';
      for (const frame of frames) {
        const fields = Object.fromEntries(
          frame
            .split('\n')
            .filter((l) => /^(id|event|data): /.test(l))
            .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
        );
        if (fields['data'] !== undefined) {
          events.push({
            id: Number(fields['id']),
            event: fields['event'] ?? '',
            data: JSON.parse(fields['data']) as StreamedEvent['data'],
          });
        }
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
      .post('/batches', { gtin: GTIN, lot: 'L1', expiry: '271231', serials: ['E1'] })
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

  it('gives the regulator every event, with block numbers as ids', async () => {
    const events = await readEvents(base, gw.tokens['regulator'] ?? '', 7);
    expect(events.map((e) => e.event)).toEqual([
      'PartyRegistered',
      'PartyRegistered',
      'PartyRegistered',
      'PartyRegistered',
      'ProductRegistered',
      'PacksCommissioned',
      'ShipmentDispatched',
    ]);
    expect(events.map((e) => e.id)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('gives a pharmacy only the events that concern it', async () => {
    const events = await readEvents(base, gw.tokens['pharmacist'] ?? '', 2);
    expect(events.map((e) => e.event)).toEqual(['PartyRegistered', 'ShipmentDispatched']);
    expect(events.every((e) => e.data.parties.includes(gw.gln['pharmacist'] ?? ''))).toBe(true);
  });

  it('resumes after Last-Event-ID and delivers new events live', async () => {
    const reading = readEvents(base, gw.tokens['regulator'] ?? '', 1, 6);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await as(gw, 'pharmacist')
      .post('/alerts', { gtin: GTIN, serial: 'E1', note: 'torn seal' })
      .expect(201);
    const events = await reading;
    expect(events).toEqual([expect.objectContaining({ id: 7, event: 'AlertRaised' })]);
  });

  it('refuses a Last-Event-ID that is not a block number', async () => {
    const response = await fetch(`${base}/api/v1/events`, {
      headers: { Authorization: `Bearer ${gw.tokens['regulator'] ?? ''}`, 'Last-Event-ID': 'x' },
    });
    expect(response.status).toBe(400);
  });
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
      const seen = await readEvents(first.base, first.token, 4);
      expect(seen.map((e) => e.id)).toEqual([0, 1, 2, 3]);
      await fetch(`${first.base}/api/v1/parties/9506000000039/suspend`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${first.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ reason: 'while the client was away' }),
      });
      await first.stop();
      const second = await serve();
      const resumed = await readEvents(second.base, second.token, 1, 3);
      expect(resumed).toEqual([expect.objectContaining({ id: 4, event: 'PartySuspended' })]);
      await second.stop();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
