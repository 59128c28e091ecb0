/**
 * @packageDocumentation
 * Stream clients that resume and reconnect: readEvents reads one connection (optionally after
 * a Last-Event-ID or from the first block) until a condition holds; followEvents reconnects like
 * an EventSource across gateway restarts; each event's id is split into block and transaction.
 * It differs from open-event-stream.ts, which holds one connection open while a test acts and
 * awaits single ledger events.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { splitEventFrames } from './event-frames';

/** One event as a client of GET /api/v1/events receives it. */
export interface StreamedEvent {
  /** The event id: `<block>:<transaction id>`. */
  readonly id: string;
  /** The block and the transaction the id names. */
  readonly block: number;
  readonly txId: string;
  readonly event: string;
  readonly data: { type: string; parties: string[] };
}

/** Where a client reaches a gateway, and with whose token. */
export interface StreamEndpoint {
  readonly base: string;
  readonly token: string;
}

/** A gateway app listening on a loopback port. */
export interface ListeningApp {
  readonly base: string;
  /** Drops every open connection (streams included), as a stopped server does, and stops. */
  close(): Promise<void>;
}

export async function listen(app: Express): Promise<ListeningApp> {
  const server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Stops reading once the last event is the given transaction's. */
export const untilTx =
  (txId: string) =>
  (events: readonly StreamedEvent[]): boolean =>
    events.at(-1)?.txId === txId;

/** Stops reading once `count` events arrived. */
export const untilCount =
  (count: number) =>
  (events: readonly StreamedEvent[]): boolean =>
    events.length >= count;

function parseFrame(frame: { id: string | undefined; event: string; data: string }): StreamedEvent {
  const id = frame.id ?? '';
  const [block, txId] = id.split(':');
  return {
    id,
    block: Number(block),
    txId: txId ?? '',
    event: frame.event,
    data: JSON.parse(frame.data) as StreamedEvent['data'],
  };
}

/**
 * Reads one connection of a user's event stream, resuming after `after` if given (or from the
 * first block with `from: 'start'`; otherwise from now), until `until`
 * holds for what arrived (no further), the stream ends, or `timeoutMs` passed; returns what
 * arrived.
 */
export async function readEvents(
  endpoint: StreamEndpoint,
  options: {
    readonly after?: string;
    readonly from?: 'start';
    readonly until: (events: readonly StreamedEvent[]) => boolean;
    readonly timeoutMs?: number;
  },
): Promise<StreamedEvent[]> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 10_000);
  const headers: Record<string, string> = { Authorization: `Bearer ${endpoint.token}` };
  if (options.after !== undefined) {
    headers['Last-Event-ID'] = options.after;
  }
  const events: StreamedEvent[] = [];
  try {
    const query = options.from === undefined ? '' : `?from=${options.from}`;
    const response = await fetch(`${endpoint.base}/api/v1/events${query}`, {
      headers,
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    reading: while (!options.until(events)) {
      const { value, done } = await reader.read();
      if (done) break;
      const { frames, rest } = splitEventFrames(buffer + value);
      buffer = rest;
      // One chunk may carry several events: stop right at the one `until` waits for.
      for (const frame of frames) {
        events.push(parseFrame(frame));
        if (options.until(events)) break reading;
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

/** A client that stays on the stream, reconnecting with its last event id as a browser does. */
export interface FollowingClient {
  /** Every event received, over all connections, in arrival order. */
  readonly events: readonly StreamedEvent[];
  /** How many connections were answered with a stream (1 plus the reconnections). */
  readonly connections: number;
  /** Resolves once `until` holds for the events received; rejects after `timeoutMs`. */
  waitFor(until: (events: readonly StreamedEvent[]) => boolean, timeoutMs: number): Promise<void>;
  close(): void;
}

/** How long the client waits before reconnecting, as the stream's `retry:` hint says briefly. */
const RECONNECT_MS = 300;

/**
 * Follows a user's event stream like an EventSource: whenever the connection ends or fails (a
 * gateway or a peer going away), it reconnects to `endpoint()` (which may name a restarted
 * gateway) with Last-Event-ID set to the last event it received.
 */
export function followEvents(endpoint: () => StreamEndpoint, after?: string): FollowingClient {
  const events: StreamedEvent[] = [];
  let connections = 0;
  let closed = false;
  let controller = new AbortController();
  const waiters = new Set<() => void>();
  const run = async (): Promise<void> => {
    while (!closed) {
      controller = new AbortController();
      try {
        const { base, token } = endpoint();
        const lastId = events.at(-1)?.id ?? after;
        const response = await fetch(`${base}/api/v1/events`, {
          headers: {
            Authorization: `Bearer ${token}`,
            ...(lastId === undefined ? {} : { 'Last-Event-ID': lastId }),
          },
          signal: controller.signal,
        });
        if (response.status === 200 && response.body !== null) {
          connections += 1;
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const { frames, rest } = splitEventFrames(buffer + value);
            buffer = rest;
            events.push(...frames.map(parseFrame));
            waiters.forEach((check) => check());
          }
        } else {
          await response.body?.cancel();
        }
      } catch {
        // A dropped connection or a refused one: reconnect, as an EventSource does.
      }
      if (!closed) {
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
      }
    }
  };
  void run();
  return {
    events,
    get connections() {
      return connections;
    },
    waitFor: (until, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `after ${timeoutMs} ms the client had ${events.length} events: ${events
                .map((event) => `${event.id.slice(0, 12)} ${event.event}`)
                .join(', ')}`,
            ),
          );
        }, timeoutMs);
        const check = (): void => {
          if (until(events)) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          }
        };
        waiters.add(check);
        check();
      }),
    close: () => {
      closed = true;
      controller.abort();
    },
  };
}
