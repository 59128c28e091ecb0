import {
  parseLedgerError,
  type LedgerErrorBody,
  type LedgerEvent,
  type TransactionEntry,
} from '@packtrace/chaincode/client';
import {
  LedgerFailure,
  type ChaincodeEvent,
  type Committed,
  type Ledger,
  type LedgerIdentity,
  type LedgerSession,
} from '@packtrace/ledger';
import type { PartyName } from './demo-parties';

/** Who a scenario acts as: a consortium party, or an identity the ledger must turn away. */
export type ScenarioUser = PartyName | 'unregistered' | 'noAttributes' | 'wrongMsp' | 'outsider';

/** Which ledger the portable suites run on: `LEDGER=embedded` (the default) or `LEDGER=fabric`. */
export function selectedLedger(): 'embedded' | 'fabric' {
  const value = process.env['LEDGER'] ?? 'embedded';
  if (value !== 'embedded' && value !== 'fabric') {
    throw new Error(`LEDGER must be 'embedded' or 'fabric', not '${value}'`);
  }
  return value;
}

/**
 * The transaction a scenario calls: an entry of the catalogue `Tx`, or, only in a test of how
 * the chaincode refuses a name it does not have, that name as a string.
 */
export type ScenarioTransaction = TransactionEntry | string;

function nameOf(transaction: ScenarioTransaction): string {
  return typeof transaction === 'string' ? transaction : transaction.name;
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

/**
 * A fresh ledger for one suite, on whichever backend is selected, with a session per scenario
 * user. Suites written against it run unchanged on the embedded ledger and on Fabric.
 */
export class ScenarioLedger {
  private readonly sessions = new Map<ScenarioUser, LedgerSession>();

  constructor(
    readonly ledger: Ledger,
    readonly identities: Readonly<Record<ScenarioUser, LedgerIdentity>>,
    /**
     * The time proposals are made at now: the test clock on the embedded ledger, the real one on
     * Fabric.
     */
    readonly now: () => Date,
    private readonly release: () => Promise<void>,
  ) {}

  /** The user's session, opened once. */
  session(user: ScenarioUser): LedgerSession {
    let session = this.sessions.get(user);
    if (session === undefined) {
      session = this.ledger.session(this.identities[user]);
      this.sessions.set(user, session);
    }
    return session;
  }

  /** Submits a transaction as `user` and returns its parsed JSON result. */
  async submit<T = unknown>(
    user: ScenarioUser,
    transaction: ScenarioTransaction,
    ...args: string[]
  ): Promise<T> {
    const committed = await this.commit(user, transaction, ...args);
    return JSON.parse(committed.payload.toString('utf8')) as T;
  }

  /** Submits a transaction as `user` and returns where it committed. */
  async commit(
    user: ScenarioUser,
    transaction: ScenarioTransaction,
    ...args: string[]
  ): Promise<Committed> {
    return asCallError(this.session(user).submit(nameOf(transaction), args));
  }

  /** Evaluates a read-only transaction as `user`. */
  async evaluate<T = unknown>(
    user: ScenarioUser,
    transaction: ScenarioTransaction,
    ...args: string[]
  ): Promise<T> {
    const payload = await asCallError(this.session(user).evaluate(nameOf(transaction), args));
    return JSON.parse(payload.toString('utf8')) as T;
  }

  /** How many blocks the channel has. */
  height(): Promise<number> {
    return this.session('regulator').blockHeight();
  }

  /** Starts recording the chaincode events committed from now on, as `user` may read them. */
  async recordEvents(user: ScenarioUser = 'regulator'): Promise<EventRecorder> {
    const recorder = new EventRecorder();
    recorder.subscription = await this.session(user).chaincodeEvents(
      { from: 'now' },
      (event) => recorder.add(event),
      (error) => recorder.fail(error),
    );
    return recorder;
  }

  async stop(): Promise<void> {
    await this.release();
  }
}

/** Chaincode events as they arrive, with a way to wait for one transaction's. */
export class EventRecorder {
  readonly events: ChaincodeEvent[] = [];
  subscription: { close(): void } | undefined;
  private failure: Error | undefined;
  private waiters: Array<() => void> = [];

  add(event: ChaincodeEvent): void {
    this.events.push(event);
    this.waiters.splice(0).forEach((wake) => wake());
  }

  fail(error: Error): void {
    this.failure = error;
    this.waiters.splice(0).forEach((wake) => wake());
  }

  /** Resolves once the event of transaction `txId` has arrived (or fails after `ms`). */
  async until(txId: string, ms = 30_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.events.some((event) => event.transactionId === txId)) {
      if (this.failure !== undefined) {
        throw this.failure;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new Error(`no event from transaction ${txId} within ${ms} ms`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 1000));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The business event of transaction `txId`, once it has arrived. */
  async ledgerEvent(txId: string): Promise<LedgerEvent> {
    await this.until(txId);
    const event = this.events.find((candidate) => candidate.transactionId === txId);
    return JSON.parse(event?.payload.toString() ?? '{}') as LedgerEvent;
  }

  close(): void {
    this.subscription?.close();
  }
}

async function asCallError<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof LedgerFailure && error.kind === 'refused' && error.body !== undefined) {
      throw new LedgerCallError(error.body);
    }
    if (error instanceof LedgerFailure && error.kind === 'internal') {
      // An argument-count error is fabric-contract-api's, not a ledger error body.
      const body = parseLedgerError(error.message);
      if (body !== undefined) {
        throw new LedgerCallError(body);
      }
    }
    throw error;
  }
}
