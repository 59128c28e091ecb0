/**
 * How the benchmarks offer load and summarise latencies: one open-loop driver (requests sent at
 * a fixed rate whatever the answers do), one closed-loop driver (callers that wait for their
 * answer), and one percentile. Open-loop latencies count from when a request was due, not from
 * when it was sent, so a driver that falls behind shows as latency instead of hiding it.
 */

/** Latency figures of one load, in milliseconds. */
export interface Latency {
  readonly count: number;
  readonly errors: number;
  /** The distinct reasons of the failed requests, with how often each came. */
  readonly failures: Readonly<Record<string, number>>;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** Requests answered successfully per second of the load. */
  readonly perSecond: number;
}

/** Counts failures by reason (the API's error code, or the message). */
export class Failures {
  readonly byReason: Record<string, number> = {};
  count = 0;

  add(error: unknown): void {
    this.count += 1;
    const text = error instanceof Error ? error.message : String(error);
    const reason = /"code":"([A-Z_]+)"/.exec(text)?.[1] ?? text.slice(0, 120);
    this.byReason[reason] = (this.byReason[reason] ?? 0) + 1;
  }
}

/** The value at percentile `p` (0–100) of ascending `sorted` values; NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

/** Milliseconds rounded to a tenth, for printing. */
export function tenths(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The figures of `latencies` measured over `seconds`, with the failures seen. */
export function summarise(latencies: number[], failures: Failures, seconds: number): Latency {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    count: latencies.length,
    errors: failures.count,
    failures: failures.byReason,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    perSecond: latencies.length / seconds,
  };
}

/**
 * Offers `rate` requests a second for `seconds`; each latency counts from when its request was
 * due. `request` gets the request's index and its due time (`performance.now()` scale), so a
 * caller can keep its own per-kind latencies measured the same way; a request that throws
 * counts as a failure.
 */
export async function openLoop(
  rate: number,
  seconds: number,
  request: (index: number, due: number) => Promise<void>,
): Promise<Latency> {
  const latencies: number[] = [];
  const failures = new Failures();
  const total = Math.round(rate * seconds);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let index = 0; index < total; index += 1) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) {
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    inFlight.push(
      request(index, due).then(
        () => void latencies.push(performance.now() - due),
        (error: unknown) => failures.add(error),
      ),
    );
  }
  await Promise.all(inFlight);
  return summarise(latencies, failures, (performance.now() - started) / 1000);
}

/** `clients` callers, each sending its next request when the last is answered, for `seconds`. */
export async function closedLoop(
  clients: number,
  seconds: number,
  request: (index: number) => Promise<void>,
): Promise<Latency> {
  const latencies: number[] = [];
  const failures = new Failures();
  let next = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < end) {
        const index = next;
        next += 1;
        const begin = performance.now();
        try {
          await request(index);
          latencies.push(performance.now() - begin);
        } catch (error) {
          failures.add(error);
        }
      }
    }),
  );
  return summarise(latencies, failures, (performance.now() - started) / 1000);
}
