import type { TraceContext } from './trace-context';

/** The transaction's timestamp (set by the client, checked by the peer): the only clock. */
export function transactionTime(ctx: TraceContext): { iso: string; date: string; millis: number } {
  const timestamp = ctx.stub.getDateTimestamp();
  const iso = timestamp.toISOString();
  return { iso, date: iso.slice(0, 10), millis: timestamp.getTime() };
}
