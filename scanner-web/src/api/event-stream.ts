import type { LedgerEvent } from '@packtrace/chaincode/client';
import { session } from './api-client';
import { splitEventFrames } from './server-sent-events';

/** A ledger event as the gateway streams it. */
export interface StreamedEvent {
  /** `<block>:<transaction id>`, the ledger position to resume after. */
  readonly id: string;
  readonly type: string;
  readonly data: LedgerEvent;
}

/**
 * Follows GET /api/v1/events with fetch (EventSource cannot send the bearer token), resuming
 * after the last event id when the connection drops. Returns a function that stops it.
 */
export function followEvents(
  onEvent: (event: StreamedEvent) => void,
  onState: (connected: boolean) => void,
): () => void {
  const controller = new AbortController();
  let lastId: string | undefined;
  const run = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        const headers: Record<string, string> = {
          Authorization: `Bearer ${session.token() ?? ''}`,
        };
        if (lastId !== undefined) headers['Last-Event-ID'] = lastId;
        const response = await fetch('/api/v1/events', { headers, signal: controller.signal });
        if (!response.ok || response.body === null) throw new Error(`events: ${response.status}`);
        onState(true);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const { frames, rest } = splitEventFrames(buffer + value);
          buffer = rest;
          for (const { id, event, data } of frames) {
            if (id !== undefined) {
              lastId = id;
              onEvent({ id, type: event, data: JSON.parse(data) as StreamedEvent['data'] });
            }
          }
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      onState(false);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  };
  void run();
  return () => controller.abort();
}
