import { session } from './api-client';

/** A ledger event as the gateway streams it. */
export interface StreamedEvent {
  readonly id: number;
  readonly type: string;
  readonly data: {
    type: string;
    by: string;
    eventTime: string;
    parties: string[];
    subject: Record<string, string>;
    epcis: Array<{ epcList?: string[]; bizStep?: string }>;
  };
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
  let lastId: number | undefined;
  const run = async (): Promise<void> => {
    while (!controller.signal.aborted) {
      try {
        const headers: Record<string, string> = {
          Authorization: `Bearer ${session.token() ?? ''}`,
        };
        if (lastId !== undefined) headers['Last-Event-ID'] = String(lastId);
        const response = await fetch('/api/v1/events', { headers, signal: controller.signal });
        if (!response.ok || response.body === null) throw new Error(`events: ${response.status}`);
        onState(true);
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          const frames = buffer.split('\n\n');
          buffer = frames.pop() ?? '';
          for (const frame of frames) {
            let id: number | undefined;
            let type = '';
            let data = '';
            for (const line of frame.split('\n')) {
              if (line.startsWith('id: ')) id = Number(line.slice(4));
              else if (line.startsWith('event: ')) type = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (id !== undefined && data !== '') {
              lastId = id;
              onEvent({ id, type, data: JSON.parse(data) as StreamedEvent['data'] });
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
