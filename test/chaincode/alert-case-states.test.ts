import {
  CASE_STATES,
  CASE_STEPS,
  Tx,
  type Alert,
  type CaseCapacity,
  type CaseState,
  type CaseStep,
} from '@packtrace/chaincode/client';
import { CASE_PARTY, caseIn, caseStock, step } from '../support/alert-cases';
import { PARTIES } from '../support/demo-parties';
import { refusal, type ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';

/** `ok`, or the refusal's code. */
type Cell = string;
const OOO = 'CASE_STEP_OUT_OF_ORDER';
const NP = 'CASE_STEP_NOT_PERMITTED';
const RESOLVED = 'ALERT_RESOLVED';

/**
 * The state machine as the issue and docs/data-model.md state it, written out cell by cell (not
 * read from the chaincode's table): for each state, step and capacity, `ok` or the refusal.
 * Capacities in order raiser, holder, manufacturer, regulator.
 */
const EXPECTED: Record<CaseState, Record<CaseStep, readonly [Cell, Cell, Cell, Cell]>> = {
  new: {
    acknowledge: [NP, 'ok', 'ok', 'ok'],
    investigate: [OOO, OOO, OOO, OOO],
    escalate: [OOO, OOO, OOO, OOO],
    close: ['ok', NP, 'ok', 'ok'],
  },
  active: {
    acknowledge: [OOO, OOO, OOO, OOO],
    investigate: [NP, 'ok', 'ok', 'ok'],
    escalate: ['ok', 'ok', 'ok', NP],
    close: ['ok', NP, 'ok', 'ok'],
  },
  under_investigation: {
    acknowledge: [OOO, OOO, OOO, OOO],
    investigate: [OOO, OOO, OOO, OOO],
    escalate: ['ok', 'ok', 'ok', NP],
    close: [NP, NP, 'ok', 'ok'],
  },
  escalated: {
    acknowledge: [OOO, OOO, OOO, OOO],
    investigate: [OOO, OOO, OOO, OOO],
    escalate: [OOO, OOO, OOO, OOO],
    close: [NP, NP, NP, 'ok'],
  },
  closed: {
    acknowledge: [RESOLVED, RESOLVED, RESOLVED, RESOLVED],
    investigate: [RESOLVED, RESOLVED, RESOLVED, RESOLVED],
    escalate: [RESOLVED, RESOLVED, RESOLVED, RESOLVED],
    close: [RESOLVED, RESOLVED, RESOLVED, RESOLVED],
  },
};

const CAPACITIES: readonly CaseCapacity[] = ['raiser', 'holder', 'manufacturer', 'regulator'];

/** Where each step leads. */
const NEXT: Record<CaseStep, CaseState> = {
  acknowledge: 'active',
  investigate: 'under_investigation',
  escalate: 'escalated',
  close: 'closed',
};

/** A root cause each capacity may close on (the raiser only its own scanning error). */
const CAUSE: Record<CaseCapacity, string> = {
  raiser: 'user_or_scanning_error',
  holder: 'software_error',
  manufacturer: 'manufacturer_data_error_fixed',
  regulator: 'parallel_distributor_error',
};

describe('alert case state machine: every state × step × party', () => {
  let d: ScenarioLedger;
  /** One case in each state, on which refusals are tried (they must change nothing). */
  const probe = new Map<CaseState, Alert>();
  let serials = 0;
  const nextSerial = () => `S${String((serials += 1) % 6)}`;

  beforeAll(async () => {
    d = await startScenario();
    await caseStock(d, ['S0', 'S1', 'S2', 'S3', 'S4', 'S5'], ['S0', 'S1', 'S2', 'S3', 'S4', 'S5']);
    for (const state of CASE_STATES) {
      probe.set(state, await caseIn(d, state, nextSerial()));
    }
  });
  afterAll(async () => d.stop());

  for (const state of CASE_STATES) {
    describe(`a case that is ${state}`, () => {
      for (const stepName of CASE_STEPS) {
        CAPACITIES.forEach((capacity, column) => {
          const expected = EXPECTED[state][stepName][column];
          const user = CASE_PARTY[capacity];
          const options = stepName === 'close' ? { rootCause: CAUSE[capacity] } : {};
          if (expected === 'ok') {
            it(`${stepName} by the ${capacity} → ${NEXT[stepName]}`, async () => {
              const alert = await caseIn(d, state, nextSerial());
              const taken = await step(d, user, alert.id, stepName, options);
              expect(taken.state).toBe(NEXT[stepName]);
              expect(taken.timeline.at(-1)).toMatchObject({
                step: stepName,
                from: state,
                to: NEXT[stepName],
                by: PARTIES[user].gln,
              });
              expect(taken.timeline.at(-1)?.as).toContain(capacity);
              const read = await d.evaluate<Alert>('regulator', Tx.GetAlert, alert.id);
              expect(read.state).toBe(NEXT[stepName]);
            });
          } else {
            it(`${stepName} by the ${capacity} is refused: ${expected}`, async () => {
              const alert = probe.get(state);
              const before = await d.evaluate<Alert>('regulator', Tx.GetAlert, alert?.id ?? '');
              const error = await refusal(step(d, user, before.id, stepName, options));
              expect(error.code).toBe(expected);
              expect(await d.evaluate<Alert>('regulator', Tx.GetAlert, before.id)).toEqual(before);
            });
          }
        });
        it(`${stepName} by a party with no part in the case is refused: NOT_PERMITTED`, async () => {
          const alert = probe.get(state);
          const options = stepName === 'close' ? { rootCause: 'software_error' } : {};
          const error = await refusal(step(d, 'distributor', alert?.id ?? '', stepName, options));
          expect(error.code).toBe('NOT_PERMITTED');
        });
      }
    });
  }
});
