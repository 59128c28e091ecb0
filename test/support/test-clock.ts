/**
 * Where scenario clocks start: `PACKTRACE_TEST_CLOCK` (an ISO instant) when set, so the suites
 * can be run as if on another day, otherwise the real time.
 */
export function scenarioClockStart(): Date {
  const configured = process.env['PACKTRACE_TEST_CLOCK'];
  if (configured === undefined || configured === '') {
    return new Date();
  }
  const start = new Date(configured);
  if (Number.isNaN(start.getTime())) {
    throw new Error(`PACKTRACE_TEST_CLOCK must be an ISO instant, not '${configured}'`);
  }
  return start;
}

/** A clock tests can move forward; each reading is one second after the last, as real proposals are. */
export class TestClock {
  private millis: number;

  constructor(start: Date = scenarioClockStart()) {
    this.millis = start.getTime();
  }

  /** The next proposal's time: one second after the last. */
  readonly now = (): Date => {
    this.millis += 1000;
    return new Date(this.millis);
  };

  /** The current time, without moving the clock. */
  readonly peek = (): Date => new Date(this.millis);

  advanceDays(days: number): void {
    this.millis += days * 24 * 3600 * 1000;
  }
}
