import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { parseJsonArgument } from '../ledger/arguments';
import type { TraceContext } from '../ledger/trace-context';
import { MAX_EVIDENCE, type CaseCapacity, type CaseTimelineEntry } from '../model/alert-case';
import type { Alert } from '../model/alert';
import type { HistoryEntry } from '../model/history-entry';
import { findItem, refKey, saveItem } from './items';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * The capacities in which a party acts on an alert's case: the raiser, a holder of its stock
 * when it was raised, the manufacturer of its product, the regulator. Empty: not a party to it.
 */
export function caseCapacities(
  alert: Alert,
  caller: { readonly role: string; readonly gln: string },
): CaseCapacity[] {
  const capacities: CaseCapacity[] = [];
  if (alert.raisedBy === caller.gln) {
    capacities.push('raiser');
  }
  if (alert.custodians.includes(caller.gln)) {
    capacities.push('holder');
  }
  if (alert.manufacturers.includes(caller.gln)) {
    capacities.push('manufacturer');
  }
  if (caller.role === 'regulator') {
    capacities.push('regulator');
  }
  return capacities;
}

/** Refuses a party with no part in the case (NOT_PERMITTED), answering its capacities. */
export function requireCaseParty(
  alert: Alert,
  caller: { readonly role: string; readonly gln: string },
): CaseCapacity[] {
  const capacities = caseCapacities(alert, caller);
  if (capacities.length === 0) {
    throw new ChaincodeRefusal(
      'NOT_PERMITTED',
      'only the regulator, the party that raised an alert, a holder of its stock or the manufacturer of its product may act on it',
    );
  }
  return capacities;
}

/**
 * Evidence a step cites: a JSON array of at most {@link MAX_EVIDENCE} distinct SHA-256 digests
 * (64 lowercase hex digits) of documents kept off the ledger. Empty text: none.
 */
export function parseEvidence(text: string): string[] {
  if (text === '') {
    return [];
  }
  const value = parseJsonArgument(text, 'evidence', 2 * 1024);
  if (!Array.isArray(value) || !value.every((h): h is string => typeof h === 'string')) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      'evidence must be a JSON array of SHA-256 digests',
    );
  }
  if (value.length > MAX_EVIDENCE) {
    throw new ChaincodeRefusal(
      'LIMIT_EXCEEDED',
      `a step cites at most ${MAX_EVIDENCE} evidence digests`,
    );
  }
  for (const digest of value) {
    if (!SHA256_HEX.test(digest)) {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'each evidence digest must be a SHA-256 digest: 64 lowercase hexadecimal digits',
      );
    }
  }
  if (new Set(value).size !== value.length) {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', 'evidence names a digest twice');
  }
  return value;
}

/** The pack-history line of a case step: it shows in the provenance of every item concerned. */
export function caseHistoryEntry(
  base: HistoryEntry,
  alert: Alert,
  step: CaseTimelineEntry,
): HistoryEntry {
  return {
    ...base,
    action: `alert_${step.step}`,
    alert: alert.id,
    note:
      `case ${step.from ?? 'new'} → ${step.to}` +
      (step.rootCause === undefined ? '' : ` (${step.rootCause})`) +
      `: ${step.note}` +
      (step.evidence.length === 0 ? '' : ` [evidence ${step.evidence.join(', ')}]`),
  };
}

/**
 * Writes a case step into the history of each of the alert's items (except those `skip` names,
 * whose record the step already changed), so that it is part of their provenance.
 */
export async function recordStepOnItems(
  ctx: TraceContext,
  alert: Alert,
  entry: HistoryEntry,
  skip: ReadonlySet<string> = new Set(),
): Promise<void> {
  for (const ref of alert.items) {
    if (skip.has(refKey(ref))) {
      continue;
    }
    const item = await findItem(ctx, ref);
    if (item !== undefined) {
      await saveItem(ctx, { ...item, lastEvent: entry });
    }
  }
}
