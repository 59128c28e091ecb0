/**
 * An alert worked as a case by several parties, after EMVO's alert management: it is raised
 * `new`, taken up (`active`), investigated, possibly escalated to the regulator, and closed with
 * a root cause. docs/data-model.md draws the state machine; chaincode/src/domain/alert-case-rules.ts
 * is its one table.
 */
export const CASE_STATES = ['new', 'active', 'under_investigation', 'escalated', 'closed'] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** The steps a party may take on a case (each moves it to one state). */
export const CASE_STEPS = ['acknowledge', 'investigate', 'escalate', 'close'] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

/** In what capacity a party acts on a case; one party may hold several. */
export const CASE_CAPACITIES = ['raiser', 'holder', 'manufacturer', 'regulator'] as const;
export type CaseCapacity = (typeof CASE_CAPACITIES)[number];

/** Why a case was closed (EMVO's root causes; manufacturer data errors fixed or not). */
export const ROOT_CAUSES = [
  'user_or_scanning_error',
  'software_error',
  'manufacturer_data_error_fixed',
  'manufacturer_data_error_not_fixed',
  'parallel_distributor_error',
  'suspected_falsification',
  'confirmed_falsification',
] as const;
export type RootCause = (typeof ROOT_CAUSES)[number];

/** Longest note on a step, in characters. */
export const MAX_STEP_NOTE = 1_000;
/** Most evidence hashes on one step. */
export const MAX_EVIDENCE = 10;

/** One step of a case's timeline, as the ledger recorded it. */
export interface CaseTimelineEntry {
  /** `raise` for the alert's raising, `resolve` for the regulator's legacy decision. */
  readonly step: CaseStep | 'raise' | 'resolve' | 'request_verification' | 'terminate_notice';
  readonly from: CaseState | null;
  readonly to: CaseState;
  readonly by: string;
  /** The capacities the party held in the case when it took the step. */
  readonly as: readonly CaseCapacity[];
  readonly at: string;
  readonly txId: string;
  readonly note: string;
  /** SHA-256 digests (lowercase hex) of the evidence the party holds off the ledger. */
  readonly evidence: readonly string[];
  readonly rootCause?: RootCause;
}

/** One pack verified against a verification request. */
export interface RequestedVerificationResult {
  readonly serial: string;
  readonly verdict: string;
  readonly reasons: readonly string[];
  readonly at: string;
  readonly txId: string;
}

/**
 * An investigation's request that one party verify more packs of the alert's lot (DSCSA: at
 * least three), with the verifications recorded against it.
 */
export interface CaseVerificationRequest {
  /** The requesting transaction's id. */
  readonly id: string;
  readonly requestedBy: string;
  readonly requestedOf: string;
  readonly gtin: string;
  readonly lot: string;
  readonly count: number;
  readonly note: string;
  readonly at: string;
  readonly status: 'open' | 'complete';
  readonly results: readonly RequestedVerificationResult[];
}

/** Least number of packs a verification request asks for. */
export const MIN_REQUESTED_VERIFICATIONS = 3;
/** Most packs one verification request may ask for. */
export const MAX_REQUESTED_VERIFICATIONS = 500;
/** Most verification requests on one case. */
export const MAX_VERIFICATION_REQUESTS = 20;

/** A party named on an illegitimate-product notice, and why. */
export interface NoticeParty {
  readonly gln: string;
  /** holder, supplier (shipped to the holder), customer (the holder shipped to), regulator, manufacturer. */
  readonly capacity: 'holder' | 'supplier' | 'customer' | 'regulator' | 'manufacturer';
}

/**
 * The illegitimate-product notice a confirmation produces (DSCSA 582; the fields of FDA Form
 * 3911), addressed to the regulator and the holder's immediate trading partners. Its clock runs
 * from the confirming transaction's timestamp.
 */
export interface IllegitimateNotice {
  readonly docType: 'illegitimate-notice';
  /** The alert's id (one notice per case). */
  readonly alertId: string;
  readonly product: {
    readonly gtin: string;
    readonly name: string;
    readonly form: string;
    readonly strength: string;
    readonly packSize: number;
  } | null;
  readonly lots: readonly string[];
  readonly serials: readonly string[];
  /** Packs concerned, and containers (cases, pallets) by SSCC. */
  readonly quantity: { readonly packs: number; readonly containers: number };
  readonly containers: readonly string[];
  /** How it was found: the alert's kind, its reason codes, the raiser's note. */
  readonly howFound: {
    readonly kind: string;
    readonly reasons: readonly string[];
    readonly note: string;
    readonly raisedBy: string;
    readonly raisedAt: string;
  };
  readonly parties: readonly NoticeParty[];
  /** Who the notice is addressed to (the regulator and the partners either side of the holder). */
  readonly addressees: readonly string[];
  readonly confirmedBy: string;
  readonly confirmedAt: string;
  /** 24 hours after confirmation. */
  readonly dueAt: string;
  /** When the ledger recorded (and so sent) it: the confirming transaction's time. */
  readonly sentAt: string;
  readonly txId: string;
  readonly status: 'sent' | 'terminated';
  readonly termination: {
    readonly by: string;
    readonly at: string;
    readonly note: string;
    readonly txId: string;
  } | null;
}
