import type { DecommissionReason, Pack } from './tracked-item';
import type { RecordedVerdict } from './transaction-results';
import type { Verdict } from './verdict';

/**
 * Most packs one whole-container or list operation may act on in one transaction. A pallet of a
 * few cases fits; more goes through the gateway's bulk job, which splits a list into
 * transactions of at most this many (docs/decisions.md, "Whole cases and many packs").
 */
export const MAX_PACKS_PER_TRANSACTION = 500;

/** One pack an operation could not act on, and why (a chaincode error code and a sentence). */
export interface PackFailure {
  readonly gtin: string;
  readonly serial: string;
  readonly code: string;
  readonly message: string;
}

/** VerifyContainer: the verdict of every pack inside a case or pallet, refused ones first. */
export interface ContainerVerdicts {
  readonly sscc: string;
  readonly kind: 'case' | 'pallet';
  /** How many packs the container holds, nested cases included. */
  readonly total: number;
  /** How many of them may not be supplied. */
  readonly doNotSupply: number;
  readonly verdicts: readonly Verdict[];
}

/** DispenseContainer, DecommissionContainer, DispensePacks, DecommissionPacks: what was done. */
export interface PacksDecommissioned {
  /** The case or pallet emptied, or null for a list of packs. */
  readonly sscc: string | null;
  readonly reason: DecommissionReason;
  readonly count: number;
  readonly packs: ReadonlyArray<{ readonly gtin: string; readonly serial: string }>;
  readonly txId: string;
}

/**
 * VerifyAndDispense: the verification recorded as a recorded scan is, and the pack as dispensed
 * (null when the verdict said not to supply it: then only the scan, and any alert, is written).
 */
export interface VerifiedDispense extends RecordedVerdict {
  readonly dispensed: Pack | null;
}

/** A pack a bulk decommissioning names. */
export interface PackKey {
  readonly gtin: string;
  readonly serial: string;
}

export type { DecommissionReason };

/** VerifyPacks: one listed code's verdict, or why it could not be read. */
export interface ListedVerdict {
  /** The code as sent. */
  readonly input: string;
  readonly verdict: Verdict | null;
  /** Set when the code is not a pack code (INVALID_CODE and a sentence). */
  readonly error: { readonly code: string; readonly message: string } | null;
}
