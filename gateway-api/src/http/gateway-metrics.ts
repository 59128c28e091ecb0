import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics: request and ledger-call latency, errors by code. */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly requests = new Histogram({
    name: 'packtrace_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly ledgerCalls = new Histogram({
    name: 'packtrace_ledger_call_duration_seconds',
    help: 'Ledger call latency by transaction and kind (submit waits for the commit)',
    labelNames: ['transaction', 'kind'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'packtrace_api_errors_total',
    help: 'API errors by code',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  request(method: string): (route: string, status: number) => void {
    const end = this.requests.startTimer({ method });
    return (route, status) => end({ route, status: String(status) });
  }

  ledgerCall(transaction: string, kind: 'submit' | 'evaluate'): () => void {
    const end = this.ledgerCalls.startTimer({ transaction, kind });
    return () => {
      end();
    };
  }

  error(code: string): void {
    this.errors.inc({ code });
  }
}
