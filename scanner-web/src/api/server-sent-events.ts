/** One server-sent event as framed on the wire. */
export interface EventFrame {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
}

/**
 * Splits what has arrived of an event stream into complete frames (those with data) and the
 * unfinished rest, to be prefixed to the next chunk: the page's reading of the gateway's stream
 * (the API tests read the wire with their own, gateway-api/test/support/event-frames.ts).
 */
export function splitEventFrames(buffer: string): { frames: EventFrame[]; rest: string } {
  const parts = buffer.split('\n\n');
  const rest = parts.pop() ?? '';
  const frames: EventFrame[] = [];
  for (const part of parts) {
    let id: string | undefined;
    let event = '';
    let data = '';
    for (const line of part.split('\n')) {
      if (line.startsWith('id: ')) id = line.slice(4);
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    if (data !== '') {
      frames.push({ id, event, data });
    }
  }
  return { frames, rest };
}
