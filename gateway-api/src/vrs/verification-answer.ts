import type { Verdict, VerdictReasonCode } from '@packtrace/chaincode/client';

/**
 * Why a product identifier was not verified, as GS1's Lightweight Messaging Standard for
 * Verification of Product Identifiers names it (DSCSA implementation guideline, release 1.3).
 * `No_reason_provided` and `Manufacturer_policy` exist too; this responder always gives a reason.
 */
export type VerificationFailureReason =
  | 'No_match_GTIN_Serial'
  | 'No_match_GTIN_Serial_Lot'
  | 'No_match_GTIN_Serial_Expiry'
  | 'No_match_GTIN_Serial_Lot_Expiry'
  | 'Not_for_re-distribution';

/** The standard's additional information (`ExpirationExtended` has no counterpart on the ledger). */
export type AdditionalInfo = 'Expired' | 'Recalled' | 'Suspect' | 'Illegitimate';

/** The `data` member of a verification response. */
export interface VerificationData {
  readonly verified: boolean;
  readonly verificationFailureReason?: VerificationFailureReason;
  readonly additionalInfo?: AdditionalInfo;
}

/** The standard's verification response message (sent with HTTP 200 only). */
export interface VerificationResponse {
  readonly verificationTimestamp: string;
  readonly responderGLN: string;
  readonly corrUUID: string;
  readonly data: VerificationData;
}

/**
 * The ledger's reasons that make the pack not to be redistributed although its identifier
 * matches, and the additional information each gives. A pack that already left circulation
 * (dispensed, destroyed, stolen…) and comes back is a clone signal, hence `Suspect`.
 */
const NOT_FOR_REDISTRIBUTION: Partial<Record<VerdictReasonCode, AdditionalInfo>> = {
  ILLEGITIMATE: 'Illegitimate',
  UNDER_INVESTIGATION: 'Suspect',
  PACK_INACTIVE: 'Suspect',
};

/** Statuses that leave the identifier verified, told as additional information. */
const STATUS_INFO: Partial<Record<VerdictReasonCode, AdditionalInfo>> = {
  BATCH_RECALLED: 'Recalled',
  EXPIRED: 'Expired',
};

/** When several apply, the one a requestor must act on first. */
const INFO_PRECEDENCE: readonly AdditionalInfo[] = [
  'Illegitimate',
  'Suspect',
  'Recalled',
  'Expired',
];

/**
 * Maps the ledger's verdict on a product identifier to the standard's `data`: the identifier
 * checks first (GTIN and serial, then lot and expiry), then whether the pack may be
 * redistributed, then its status. Custody reasons are not the requestor's question and are
 * ignored (the chaincode's verification-request transaction leaves them out already).
 */
export function verificationData(verdict: Pick<Verdict, 'reasons'>): VerificationData {
  const codes = new Set(verdict.reasons.map((reason) => reason.code));
  const info = INFO_PRECEDENCE.find((candidate) =>
    [...codes].some(
      (code) => NOT_FOR_REDISTRIBUTION[code] === candidate || STATUS_INFO[code] === candidate,
    ),
  );
  const withInfo = info === undefined ? {} : { additionalInfo: info };
  if (codes.has('UNKNOWN_PRODUCT') || codes.has('UNKNOWN_SERIAL')) {
    // The standard: when GTIN and serial do not match, nothing else is checked.
    return { verified: false, verificationFailureReason: 'No_match_GTIN_Serial' };
  }
  const lot = codes.has('SERIAL_UNDER_OTHER_BATCH');
  const expiry = codes.has('EXPIRY_MISMATCH');
  if (lot || expiry) {
    return {
      verified: false,
      verificationFailureReason:
        lot && expiry
          ? 'No_match_GTIN_Serial_Lot_Expiry'
          : lot
            ? 'No_match_GTIN_Serial_Lot'
            : 'No_match_GTIN_Serial_Expiry',
      ...withInfo,
    };
  }
  if ([...codes].some((code) => NOT_FOR_REDISTRIBUTION[code] !== undefined)) {
    return { verified: false, verificationFailureReason: 'Not_for_re-distribution', ...withInfo };
  }
  return { verified: true, ...withInfo };
}
