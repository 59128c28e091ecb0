import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import {
  ROOT_CAUSES,
  type CaseCapacity,
  type CaseState,
  type CaseStep,
  type RootCause,
} from '../model/alert-case';

/** Root causes that say the packs may be falsified: only the regulator closes a case on them. */
const FALSIFICATION: readonly RootCause[] = ['suspected_falsification', 'confirmed_falsification'];
const NOT_FALSIFIED: readonly RootCause[] = ROOT_CAUSES.filter((c) => !FALSIFICATION.includes(c));

/** Who may take a step from a state, and (for closing) with which root causes. */
export interface CaseTransition {
  readonly step: CaseStep;
  readonly from: readonly CaseState[];
  readonly to: CaseState;
  /** Each capacity allowed to take the step, with the root causes it may close on. */
  readonly by: Partial<Record<CaseCapacity, readonly RootCause[]>>;
}

/**
 * The case's state machine, the one table of it (docs/data-model.md draws it). The raiser
 * reported; the holder, the product's manufacturer and the regulator take the case up. The
 * raiser may withdraw its own scanning error before an investigation starts; the manufacturer
 * closes what is not falsification; an escalated case, and any falsification, is the
 * regulator's to close.
 */
export const CASE_TRANSITIONS: readonly CaseTransition[] = [
  {
    step: 'acknowledge',
    from: ['new'],
    to: 'active',
    by: { holder: [], manufacturer: [], regulator: [] },
  },
  {
    step: 'investigate',
    from: ['active'],
    to: 'under_investigation',
    by: { holder: [], manufacturer: [], regulator: [] },
  },
  {
    step: 'escalate',
    from: ['active', 'under_investigation'],
    to: 'escalated',
    by: { raiser: [], holder: [], manufacturer: [] },
  },
  {
    step: 'close',
    from: ['new', 'active'],
    to: 'closed',
    by: {
      raiser: ['user_or_scanning_error'],
      manufacturer: NOT_FALSIFIED,
      regulator: ROOT_CAUSES,
    },
  },
  {
    step: 'close',
    from: ['under_investigation'],
    to: 'closed',
    by: { manufacturer: NOT_FALSIFIED, regulator: ROOT_CAUSES },
  },
  { step: 'close', from: ['escalated'], to: 'closed', by: { regulator: ROOT_CAUSES } },
];

/**
 * The state a step takes a case to, refusing it when the case's state does not allow it
 * (ALERT_RESOLVED once closed, CASE_STEP_OUT_OF_ORDER otherwise), when none of the caller's
 * capacities may take it (CASE_STEP_NOT_PERMITTED), or when it may not close on this root cause
 * (ROOT_CAUSE_NOT_PERMITTED).
 */
export function checkCaseStep(
  state: CaseState,
  step: CaseStep,
  capacities: readonly CaseCapacity[],
  rootCause: RootCause | null,
): CaseState {
  if (state === 'closed') {
    throw new ChaincodeRefusal('ALERT_RESOLVED', 'this alert’s case is closed', { state, step });
  }
  const transition = CASE_TRANSITIONS.find((t) => t.step === step && t.from.includes(state));
  if (transition === undefined) {
    throw new ChaincodeRefusal(
      'CASE_STEP_OUT_OF_ORDER',
      `a case that is ${state} cannot take the step ${step}`,
      { state, step },
    );
  }
  const allowed = capacities.flatMap((capacity) =>
    transition.by[capacity] === undefined ? [] : [capacity],
  );
  if (allowed.length === 0) {
    throw new ChaincodeRefusal(
      'CASE_STEP_NOT_PERMITTED',
      `a case that is ${state} takes the step ${step} only from: ${Object.keys(transition.by).join(', ')}`,
      { state, step },
    );
  }
  if (
    step === 'close' &&
    rootCause !== null &&
    !allowed.some((capacity) => (transition.by[capacity] ?? []).includes(rootCause))
  ) {
    throw new ChaincodeRefusal(
      'ROOT_CAUSE_NOT_PERMITTED',
      `a case that is ${state} is closed as ${rootCause} only by: ${Object.entries(transition.by)
        .filter(([, causes]) => causes.includes(rootCause))
        .map(([capacity]) => capacity)
        .join(', ')}`,
      { state, step, rootCause },
    );
  }
  return transition.to;
}
