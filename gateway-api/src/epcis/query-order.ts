import type { EpcisEvent } from './epcis-event-view';
import type { EventOrder } from './query-parameters';

/**
 * The events ordered by `eventTime` or `recordTime`, ascending or descending. Events of the same
 * time keep the ledger's commit order (ascending) or its reverse (descending), so a page boundary
 * falls in the same place on every page of one snapshot. An event without the field (none the
 * platform records) goes last, as EPCIS 2.0 lets it go anywhere.
 */
export function orderEvents(events: readonly EpcisEvent[], order: EventOrder): EpcisEvent[] {
  const keyed = events.map((event, index) => {
    const value = event[order.by];
    const time = typeof value === 'string' ? Date.parse(value) : NaN;
    return { event, index, time: Number.isNaN(time) ? undefined : time };
  });
  const sign = order.direction === 'ASC' ? 1 : -1;
  keyed.sort((a, b) => {
    if (a.time === undefined || b.time === undefined) {
      return a.time === b.time ? a.index - b.index : a.time === undefined ? 1 : -1;
    }
    return a.time === b.time ? sign * (a.index - b.index) : sign * (a.time - b.time);
  });
  return keyed.map((k) => k.event);
}
