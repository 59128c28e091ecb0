/**
 * @packageDocumentation
 * One connection to a user's event stream held open in the background while a test acts, its
 * events typed as ledger events, awaited one match at a time. It differs from
 * event-stream-client.ts, which reads a stream until a condition (resuming with Last-Event-ID)
 * or follows it across reconnections like an EventSource, with each id split into block and
 * transaction.
 */
import type { LedgerEvent } from '@packtrace/chaincode/client';
import { splitEventFrames } from './event-frames';

/** One event as the gateway's stream delivers it. */
export interface StreamedEvent {
  /** `<block>:<transaction id>`. */
  readonly id: string;
  readonly event: string;
  readonly data: LedgerEvent;
}

/** A user's event stream (GET /api/v1/events), held open while a test acts. */
export interface OpenEventStream {
  /** Every event delivered so far, in order. */
  readonly received: readonly StreamedEvent[];
  /**
   * The first delivered event that matches, whether it came already or comes within `withinMs`;
   * rejects, naming what did arrive, if none does.
   */
  waitFor(matches: (event: StreamedEvent) => boolean, withinMs: number): Promise<StreamedEvent>;
  /** Resolves when the gateway ends the stream (or it is closed here). */
  readonly ended: Promise<void>;
  close(): void;
}

interface Waiter {
  readonly matches: (event: StreamedEvent) => boolean;
  readonly resolve: (event: StreamedEvent) => void;
}

/**
 * Opens a user's event stream on a listening gateway and reads it in the background until
 * closed. Resolves once the gateway has answered with the stream's headers, so whatever the test
 * does next happens while the stream is open.
 */
export async function openEventStream(base: string, token: string): Promise<OpenEventStream> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/events`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  if (!response.ok || !(response.headers.get('content-type') ?? '').includes('text/event-stream')) {
    controller.abort();
    throw new Error(`the event stream did not open: ${response.status}`);
  }
  const received: StreamedEvent[] = [];
  let waiters: Waiter[] = [];
  const deliver = (event: StreamedEvent): void => {
    received.push(event);
    const matched = waiters.filter((waiter) => waiter.matches(event));
    waiters = waiters.filter((waiter) => !matched.includes(waiter));
    matched.forEach((waiter) => waiter.resolve(event));
  };
  const body = response.body;
  if (body === null) {
    throw new Error('the event stream has no body');
  }
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      const { frames, rest } = splitEventFrames(buffer + value);
      buffer = rest;
      for (const frame of frames) {
        deliver({
          id: frame.id ?? '',
          event: frame.event,
          data: JSON.parse(frame.data) as LedgerEvent,
        });
      }
    }
  })().catch(() => {
    // Closing the stream aborts the read: the stream ended.
  });
  return {
    received,
    ended,
    waitFor: (matches, withinMs) => {
      const already = received.find(matches);
      if (already !== undefined) {
        return Promise.resolve(already);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((waiter) => waiter !== entry);
          const types = received.map((event) => event.data.type).join(', ');
          reject(new Error(`no matching event within ${withinMs} ms; received: ${types}`));
        }, withinMs);
        const entry: Waiter = {
          matches,
          resolve: (event) => {
            clearTimeout(timer);
            resolve(event);
          },
        };
        waiters.push(entry);
      });
    },
    close: () => controller.abort(),
  };
}
