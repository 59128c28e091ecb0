import { Contract } from 'fabric-contract-api';
import { flushEvent } from '../domain/ledger-events';
import { canonicalJson } from '../ledger/canonical-json';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { TraceContext } from '../ledger/trace-context';

/**
 * What every contract of this chaincode shares: the per-transaction context, the one event
 * emitted at the end, a typed refusal for unknown functions, and canonical JSON results.
 */
export abstract class TraceContract extends Contract {
  override createContext(): TraceContext {
    return new TraceContext();
  }

  override async afterTransaction(ctx: TraceContext): Promise<void> {
    await flushEvent(ctx);
  }

  override async unknownTransaction(ctx: TraceContext): Promise<void> {
    const { fcn } = ctx.stub.getFunctionAndParameters();
    return Promise.reject(
      new ChaincodeRefusal('UNKNOWN_TRANSACTION', `this chaincode has no transaction ${fcn}`),
    );
  }

  /** Results are returned as canonical JSON text, identical on every peer. */
  protected result(value: unknown): string {
    return canonicalJson(value);
  }
}
