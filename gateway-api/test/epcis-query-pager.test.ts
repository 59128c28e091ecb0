import { randomBytes } from 'node:crypto';
import type { EpcisFields, LedgerEvent } from '@packtrace/chaincode/client';
import type { ChaincodeEvent, PastStart } from '@packtrace/ledger';
import { queryEvents } from '../src/epcis/event-query';
import type { User } from '../src/identity/user-directory';
import type { LedgerCaller } from '../src/ledger/ledger-caller';

/*
 * The pager over a log whose transactions carry several EPCIS events each (a document captured
 * whole is one transaction): a page never holds more than perPage events, and the next page
 * resumes inside the transaction the page divided, giving each event once. A log of ledger events
 * stands in for the ledger, so the shape of the log is the test's.
 */

const REGULATOR: User = {
  username: 'regulator',
  role: 'regulator',
  gln: '9506000000015',
  mspId: 'RegulatorMSP',
  passwordHash: '',
  admin: false,
  disabled: false,
  tokenVersion: 0,
};

function fields(serial: string): EpcisFields {
  return {
    eventType: 'ObjectEvent',
    action: 'OBSERVE',
    bizStep: 'shipping',
    disposition: 'in_transit',
    epcList: [`https://id.gs1.org/01/09506000134352/21/${serial}`],
    readPoint: 'https://id.gs1.org/414/9506000000022',
    eventID: `urn:uuid:${serial}`,
  };
}

/** Transactions, one per block, each emitting one ledger event with these serials' events. */
function logOf(transactions: string[][]): ChaincodeEvent[] {
  return transactions.map((serials, index) => {
    const txId = randomBytes(32).toString('hex');
    const event: LedgerEvent = {
      type: 'ShipmentDispatched',
      txId,
      eventTime: new Date(Date.UTC(2026, 10, 22, 8, index)).toISOString(),
      by: '9506000000022',
      parties: ['9506000000022'],
      epcis: serials.map(fields),
      subject: {},
    };
    return {
      blockNumber: index + 1,
      transactionId: txId,
      name: event.type,
      payload: Buffer.from(JSON.stringify(event), 'utf8'),
    };
  });
}

/** A ledger caller reading that log (and holding no error declarations). */
function ledgerOf(log: ChaincodeEvent[]): LedgerCaller {
  const caller = {
    blockHeight: () => Promise.resolve(log.length + 1),
    evaluate: () => Promise.resolve({}),
    readEvents: async (
      start: PastStart,
      endBlock: number,
      onEvent: (event: ChaincodeEvent) => boolean | Promise<boolean>,
    ) => {
      const after = 'after' in start ? start.after : undefined;
      const from =
        after === undefined ? 0 : log.findIndex((e) => e.transactionId === after.transactionId) + 1;
      for (const event of log.slice(from)) {
        if (event.blockNumber >= endBlock || !(await onEvent(event))) {
          return;
        }
      }
    },
  };
  return caller as unknown as LedgerCaller;
}

async function pages(log: ChaincodeEvent[], perPage: number): Promise<string[][]> {
  const ledger = ledgerOf(log);
  const key = randomBytes(32);
  const all: string[][] = [];
  let token: string | undefined;
  for (let page = 0; page < 50; page += 1) {
    const answer = await queryEvents(
      ledger,
      REGULATOR,
      { filter: {} },
      perPage,
      token,
      new Date(),
      key,
    );
    const document = answer.document as {
      epcisBody: { queryResults: { resultsBody: { eventList: { eventID: string }[] } } };
    };
    all.push(document.epcisBody.queryResults.resultsBody.eventList.map((e) => e.eventID));
    token = answer.nextPageToken;
    if (token === undefined) {
      break;
    }
  }
  return all;
}

const ids = (serials: string): string[] => serials.split(' ').map((s) => `urn:uuid:${s}`);

describe('paging the event log in commit order', () => {
  it('divides a transaction whose events do not fit, and resumes inside it', async () => {
    const log = logOf([['A1', 'A2', 'A3', 'A4', 'A5'], ['B1'], ['C1', 'C2']]);
    expect(await pages(log, 2)).toEqual([ids('A1 A2'), ids('A3 A4'), ids('A5 B1'), ids('C1 C2')]);
    expect(await pages(log, 3)).toEqual([ids('A1 A2 A3'), ids('A4 A5 B1'), ids('C1 C2')]);
  });

  it('never gives more than perPage, nor an event twice, whatever the page size', async () => {
    const log = logOf([['A1', 'A2', 'A3'], [], ['B1', 'B2', 'B3', 'B4'], ['C1']]);
    const every = ids('A1 A2 A3 B1 B2 B3 B4 C1');
    for (const perPage of [1, 2, 3, 4, 5, 8, 30]) {
      const answered = await pages(log, perPage);
      expect(answered.every((page) => page.length <= perPage)).toBe(true);
      expect(answered.flat()).toEqual(every);
    }
  });
});
