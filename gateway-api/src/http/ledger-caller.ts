import type { LedgerSession } from '@packtrace/ledger';
import type { Logger } from 'pino';
import type { GatewayMetrics } from './gateway-metrics';

/** The ledger as one request sees it: every call in the signed-in user's own session. */
export class LedgerCaller {
  /** Transaction ids of the submits this request made, for the response header and the log. */
  readonly txIds: string[] = [];

  constructor(
    private readonly session: LedgerSession,
    private readonly metrics: GatewayMetrics,
    private readonly log: Logger,
  ) {}

  async submit<T>(transaction: string, ...args: string[]): Promise<T> {
    const stop = this.metrics.ledgerCall(transaction, 'submit');
    try {
      const committed = await this.session.submit(transaction, args);
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
      return JSON.parse((await this.session.evaluate(transaction, args)).toString('utf8')) as T;
    } finally {
      stop();
    }
  }
}
