import type { LedgerErrorBody } from '@packtrace/chaincode';

/** A ledger the chaincode scenarios can run against: in-process now, a Fabric network too. */
export interface LedgerDriver<User extends string = string> {
  /** Submits a transaction as `user` and returns its parsed JSON result. */
  submit<T = unknown>(user: User, transaction: string, ...args: string[]): Promise<T>;
  /** Evaluates a read-only transaction as `user`. */
  evaluate<T = unknown>(user: User, transaction: string, ...args: string[]): Promise<T>;
}

/** A chaincode refusal as a test sees it. */
export class LedgerCallError extends Error {
  constructor(readonly body: LedgerErrorBody) {
    super(`${body.code}: ${body.message}`);
  }

  get code(): string {
    return this.body.code;
  }
}

/** Runs a call that must be refused and returns the refusal. */
export async function refusal(call: Promise<unknown>): Promise<LedgerCallError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof LedgerCallError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the ledger to refuse the call, but it succeeded');
}
