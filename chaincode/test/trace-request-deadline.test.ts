import { traceRequestDue } from '../src/domain/trace-request-deadline';

/** 2026-12-07 is a Monday; the week below runs to Sunday 2026-12-13. */
const due = (requestedAt: string) => {
  const { dueAt, rule } = traceRequestDue(new Date(requestedAt));
  return { dueAt: dueAt.toISOString(), rule };
};

describe('when a trace request’s answer is due', () => {
  it.each([
    ['Monday', '2026-12-07T10:00:00.000Z', '2026-12-08T10:00:00.000Z'],
    ['Thursday', '2026-12-10T10:00:00.000Z', '2026-12-11T10:00:00.000Z'],
  ])('gives a request made on a %s one day', (_day, requestedAt, expected) => {
    expect(due(requestedAt)).toEqual({ dueAt: expected, rule: 'one-business-day' });
  });

  it('caps a Friday request’s business day (Monday) at the 48-hour outer limit', () => {
    expect(due('2026-12-11T10:00:00.000Z')).toEqual({
      dueAt: '2026-12-13T10:00:00.000Z',
      rule: 'outer-limit-48h',
    });
  });

  it('counts a Saturday request from Monday, capped at 48 hours', () => {
    expect(due('2026-12-12T10:00:00.000Z')).toEqual({
      dueAt: '2026-12-14T10:00:00.000Z',
      rule: 'outer-limit-48h',
    });
  });

  it('gives a Sunday request until the end of Monday, inside 48 hours', () => {
    expect(due('2026-12-13T10:00:00.000Z')).toEqual({
      dueAt: '2026-12-15T00:00:00.000Z',
      rule: 'one-business-day',
    });
  });

  it('never gives more than 48 hours, nor less than 24, at any minute of a week', () => {
    const monday = Date.parse('2026-12-07T00:00:00.000Z');
    for (let minute = 0; minute < 7 * 24 * 60; minute += 7) {
      const requestedAt = monday + minute * 60_000;
      const hours =
        (traceRequestDue(new Date(requestedAt)).dueAt.getTime() - requestedAt) / 3600_000;
      expect(hours).toBeGreaterThanOrEqual(24);
      expect(hours).toBeLessThanOrEqual(48);
    }
  });
});
