import type { Logger } from 'pino';
import type { LedgerBackend, LedgerIdentity } from '../ledger/ledger-backend';
import type { GatewayMetrics } from './gateway-metrics';

/** The ledger as one request sees it: every call under the signed-in user's own identity. */
export class LedgerCaller {
  /** Transaction ids of the submits this request made, for the response header and the log. */
  readonly txIds: string[] = [];

  constructor(
    private readonly backend: LedgerBackend,
    private readonly identity: LedgerIdentity,
    private readonly metrics: GatewayMetrics,
    private readonly log: Logger,
  ) {}

  async submit<T>(transaction: string, ...args: string[]): Promise<T> {
    const stop = this.metrics.ledgerCall(transaction, 'submit');
    try {
      const committed = await this.backend.submit(this.identity, transaction, args);
      this.txIds.push(committed.txId);
      this.log.info({ transaction, txId: committed.txId }, 'committed');
      return JSON.parse(committed.payload.toString('utf8')) as T;
    } finally {
      stop();
    }
  }

  async evaluate<T>(transaction: string, ...args: string[]): Promise<T> {
    const stop = this.metrics.ledgerCall(transaction, 'evaluate');
    try {
      return JSON.parse(
        (await this.backend.evaluate(this.identity, transaction, args)).toString('utf8'),
      ) as T;
    } finally {
      stop();
    }
  }
}
