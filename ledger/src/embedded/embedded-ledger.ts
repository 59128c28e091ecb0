import type { EmbeddedEngine } from '@packtrace/embedded-ledger';
import type { Deadlines, Ledger } from '../ledger';

/** How to open the embedded ledger. */
export interface OpenEmbeddedLedgerOptions {
  /** Directory of its LevelDB store; created when missing, reopened with its data otherwise. */
  readonly path: string;
  /** Trusted MSPs: MSP id → PEM certificate of its CA. */
  readonly msps: Readonly<Record<string, string>>;
  /** The clock transactions are timestamped with; the real one unless a test moves it. */
  readonly clock?: () => Date;
  readonly deadlines?: Partial<Deadlines>;
}

/** The embedded ledger, which also lets tools in the same process read its blocks directly. */
export interface EmbeddedLedger extends Ledger {
  readonly kind: 'embedded';
  /** The engine itself, for suites that only make sense on the embedded ledger (heights, twin stores). */
  readonly engine: EmbeddedEngine;
}
