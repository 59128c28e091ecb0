import type { TraceDueRule } from '../model/trace-request';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
/** DSCSA's outer limit for an answer, whatever the calendar. */
const OUTER_LIMIT = 48 * HOUR;

function isWeekend(millis: number): boolean {
  const day = new Date(millis).getUTCDay();
  return day === 0 || day === 6;
}

/** Midnight (UTC) starting the next Monday after a weekend instant. */
function nextMonday(millis: number): number {
  const midnight = Math.floor(millis / DAY) * DAY;
  const day = new Date(millis).getUTCDay();
  return midnight + (day === 6 ? 2 : 1) * DAY;
}

/**
 * When an answer to a trace request made at `requestedAt` is due: one business day later, or the
 * law's 48-hour outer limit if that comes first. Business days are Monday to Friday in UTC; a
 * request made at a weekend counts from Monday 00:00, and one business day that ends in a
 * weekend moves on past it. Public holidays are not modelled. A pure function of the
 * transaction's timestamp, so every peer computes the same.
 */
export function traceRequestDue(requestedAt: Date): { dueAt: Date; rule: TraceDueRule } {
  const from = requestedAt.getTime();
  const start = isWeekend(from) ? nextMonday(from) : from;
  let business = start + DAY;
  if (isWeekend(business)) {
    // Friday's day ends on Monday at the same time of day.
    business += (new Date(business).getUTCDay() === 6 ? 2 : 1) * DAY;
  }
  const limit = from + OUTER_LIMIT;
  return business <= limit
    ? { dueAt: new Date(business), rule: 'one-business-day' }
    : { dueAt: new Date(limit), rule: 'outer-limit-48h' };
}
