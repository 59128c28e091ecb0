import type { Verdict } from '@packtrace/chaincode/client';

/**
 * What a patient is told about a pack (see docs/decisions.md, "What a patient's check says").
 * `no-record` is the answer for an unknown code AND an unsold, active pack: never "genuine".
 */
export type PatientStatus =
  'no-record' | 'dispensed' | 'recalled' | 'expired' | 'do-not-use' | 'out-of-circulation';

/** The patient check's answer, the same for the page and its JSON API. */
export interface PatientCheck {
  readonly status: PatientStatus;
  /** One plain sentence for the patient. */
  readonly message: string;
  /** The product's name, only when the ledger's answer may be told (never for `no-record`). */
  readonly product?: string;
  /** The product's electronic leaflet (gs1:epil), when registered. */
  readonly leaflet?: string;
  /** The day the pack was dispensed (YYYY-MM-DD), for `dispensed`. */
  readonly dispensedOn?: string;
}

/** The words of the one answer an unknown and an unsold code share, byte for byte. */
export const NO_RECORD: PatientCheck = {
  status: 'no-record',
  message:
    'This pack has not yet been handed to a patient. If you bought it from a pharmacy, ask the pharmacist to scan it; if you have doubts, do not use it and ask your pharmacist.',
};

/** What the ledger says of the pack besides the verdict, read only when it may be told. */
export interface PackFacts {
  readonly dispensedAt?: string;
  readonly leaflet?: string;
}

/**
 * Maps the ledger's verdict to what the patient is told. Safety first: a recalled batch, an
 * expired pack or a pack under alert is always said (it protects the patient and tells a
 * counterfeiter nothing about which codes exist in circulation). An unsold active pack and an
 * unknown code share one answer, so harvesting codes learns nothing.
 */
export function patientAnswer(verdict: Verdict, facts: PackFacts = {}): PatientCheck {
  const codes = new Set(verdict.reasons.map((reason) => reason.code));
  if (verdict.product === null || codes.has('UNKNOWN_SERIAL') || verdict.pack === null) {
    return NO_RECORD;
  }
  const told = {
    product: verdict.product.name,
    ...(facts.leaflet === undefined ? {} : { leaflet: facts.leaflet }),
  };
  if (verdict.pack.status === 'illegitimate' || verdict.pack.status === 'quarantined') {
    return {
      status: 'do-not-use',
      message:
        'Do not use this pack: it is being investigated. Take it back to your pharmacy or ask your doctor.',
      ...told,
    };
  }
  if (codes.has('BATCH_RECALLED')) {
    return {
      status: 'recalled',
      message:
        'This batch has been recalled. Do not use it: take it back to your pharmacy for a replacement.',
      ...told,
    };
  }
  if (codes.has('EXPIRED')) {
    return {
      status: 'expired',
      message: 'This pack is past its expiry date. Do not use it: ask your pharmacist.',
      ...told,
    };
  }
  if (verdict.pack.status === 'inactive' && verdict.pack.inactiveReason === 'dispensed') {
    const day = facts.dispensedAt?.slice(0, 10);
    return {
      status: 'dispensed',
      message:
        day === undefined
          ? 'Dispensed by a registered pharmacy.'
          : `Dispensed by a registered pharmacy on ${day}.`,
      ...told,
      ...(day === undefined ? {} : { dispensedOn: day }),
    };
  }
  if (verdict.pack.status === 'inactive') {
    return {
      status: 'out-of-circulation',
      message:
        'This pack was taken out of circulation and should not reach a patient. Do not use it: ask your pharmacist.',
      ...told,
    };
  }
  return NO_RECORD;
}
