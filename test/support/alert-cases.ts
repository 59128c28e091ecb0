import { Tx, type Alert, type CaseState } from '@packtrace/chaincode/client';
import { GTIN } from './demo-parties';
import { commission, pack, registerProduct, shipAndReceive } from './fixtures';
import type { ScenarioLedger, ScenarioUser } from './scenario-ledger';

/**
 * The parties of the alert cases the case suites raise: pharmacy2 flags a pack the pharmacy
 * holds (so the flag quarantines nothing), of the demo manufacturer's product.
 */
export const CASE_PARTY = {
  raiser: 'pharmacy2',
  holder: 'pharmacy',
  manufacturer: 'manufacturer',
  regulator: 'regulator',
} as const satisfies Record<string, ScenarioUser>;

/** The product, a batch of `serials`, and the first `held` of them at the pharmacy. */
export async function caseStock(
  d: ScenarioLedger,
  serials: readonly string[],
  held: readonly string[],
): Promise<void> {
  await registerProduct(d);
  await commission(d, [...serials]);
  await shipAndReceive(d, 'manufacturer', 'distributor', held.map(pack));
  await shipAndReceive(d, 'distributor', 'pharmacy', held.map(pack));
}

/** Takes one step on a case. */
export function step(
  d: ScenarioLedger,
  user: ScenarioUser,
  alertId: string,
  stepName: string,
  options: { rootCause?: string; note?: string; evidence?: readonly string[] } = {},
): Promise<Alert> {
  return d.submit<Alert>(
    user,
    Tx.TakeAlertStep,
    alertId,
    stepName,
    options.rootCause ?? '',
    options.note ?? `${stepName} by ${user}`,
    options.evidence === undefined ? '' : JSON.stringify(options.evidence),
  );
}

/** The steps that take a new case to each state (by parties allowed to take them). */
const PATH: Readonly<Record<CaseState, ReadonlyArray<[ScenarioUser, string, string?]>>> = {
  new: [],
  active: [['regulator', 'acknowledge']],
  under_investigation: [
    ['regulator', 'acknowledge'],
    ['regulator', 'investigate'],
  ],
  escalated: [
    ['regulator', 'acknowledge'],
    ['pharmacy', 'escalate'],
  ],
  closed: [['regulator', 'close', 'software_error']],
};

/** Raises a case (pharmacy2 flags `serial`, which the pharmacy holds) and brings it to `state`. */
export async function caseIn(d: ScenarioLedger, state: CaseState, serial: string): Promise<Alert> {
  let alert = await d.submit<Alert>(CASE_PARTY.raiser, Tx.FlagPack, GTIN, serial, 'odd print');
  for (const [user, stepName, rootCause] of PATH[state]) {
    alert = await step(d, user, alert.id, stepName, { rootCause: rootCause ?? '' });
  }
  return alert;
}

/** A SHA-256 digest in hex, made of one repeated hex digit (evidence the tests cite). */
export function digest(digit: string): string {
  return digit.repeat(64);
}
