// The ledger seam's event streams on whichever ledger LEDGER selects: a replay goes at its
// consumer's pace, and closing the ledger ends a stream without reporting a failure.
import type { ChaincodeEvent } from '@packtrace/ledger';
import { Tx } from '@packtrace/chaincode/client';
import type { ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';

const GTIN = '09506000134352';
const FLAGS = 4;

/** Waits `ms` milliseconds. */
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a ledger event stream', () => {
  let scenario: ScenarioLedger;
  const flagged: string[] = [];

  beforeAll(async () => {
    scenario = await startScenario();
    for (let index = 0; index < FLAGS; index += 1) {
      const committed = await scenario.commit('pharmacy', Tx.FlagPack, GTIN, `P${index}`, 'paced');
      flagged.push(committed.txId);
    }
  });
  afterAll(async () => {
    await scenario.stop();
  });

  it('replays at its consumer’s pace: the next event waits until the consumer has taken the last', async () => {
    const delivered: ChaincodeEvent[] = [];
    const releases: Array<() => void> = [];
    const failures: Error[] = [];
    const subscription = await scenario.session('regulator').chaincodeEvents(
      { from: 'start' },
      (event) => {
        delivered.push(event);
        return new Promise<void>((resolve) => releases.push(resolve));
      },
      (error) => failures.push(error),
    );
    try {
      for (let wait = 0; delivered.length === 0 && wait < 200; wait += 1) {
        await pause(25);
      }
      // The consumer holds its first event: nothing more arrives meanwhile.
      await pause(500);
      expect(delivered).toHaveLength(1);
      // Released one at a time, the whole past arrives in commit order, ending with the flags,
      // and never more than one event beyond those the consumer has taken.
      let released = 0;
      const lastFlags = () => delivered.slice(-FLAGS).map((event) => event.transactionId);
      for (let wait = 0; wait < 2_000 && lastFlags().join() !== flagged.join(); wait += 1) {
        expect(delivered.length).toBeLessThanOrEqual(released + 1);
        if (releases.length > released) {
          releases[released]?.();
          released += 1;
        }
        await pause(5);
      }
      expect(delivered.slice(-FLAGS).map((event) => event.transactionId)).toEqual(flagged);
      expect(new Set(delivered.map((event) => event.transactionId)).size).toBe(delivered.length);
      expect(failures).toEqual([]);
    } finally {
      subscription.close();
    }
  });
});

describe('closing a ledger with event streams open', () => {
  it('ends them without reporting a failure', async () => {
    const scenario = await startScenario();
    const failures: Error[] = [];
    await scenario.session('regulator').chaincodeEvents(
      { from: 'start' },
      () => undefined,
      (error) => failures.push(error),
    );
    await scenario.session('pharmacy').chaincodeEvents(
      { from: 'now' },
      () => undefined,
      (error) => failures.push(error),
    );
    await scenario.stop();
    // A failure the close would cause arrives within moments.
    await pause(1_000);
    expect(failures).toEqual([]);
  });
});
