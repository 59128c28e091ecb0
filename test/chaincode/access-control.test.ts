import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contracts } from '@packtrace/chaincode';
import {
  CALLER_ERROR_CODES,
  LEDGER_ERROR_CODES,
  Tx,
  type TransactionArgs,
  type TransactionName,
} from '@packtrace/chaincode/client';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES } from '../support/demo-parties';
import { CASE_1, EXPIRY, code, commission, pack, registerProduct } from '../support/fixtures';
import { LedgerCallError, refusal, type ScenarioLedger } from '../support/scenario-ledger';

const ROLES = ['manufacturer', 'distributor', 'pharmacy', 'regulator'] as const;
const SOME_ID = 'a'.repeat(64);

/**
 * Plausible arguments for each transaction. Many point at records that do not exist (or no
 * longer can be changed), so an allowed call may be refused, but only for a business reason.
 */
/** Stands for the ledger clock's time when the call is made (an event time must lie near it). */
const LEDGER_NOW = '<ledger now>';

const ARGS: { readonly [Name in TransactionName]: TransactionArgs<(typeof Tx)[Name]> } = {
  Bootstrap: ['Agency'],
  RegisterParty: [PARTIES.pharmacy2.gln, 'X', 'pharmacy', 'PharmacyMSP', '[]'],
  AuthoriseParty: [PARTIES.pharmacy2.gln, 'ok'],
  SuspendParty: [PARTIES.pharmacy2.gln, 'audit'],
  GetParty: [PARTIES.pharmacy.gln],
  ListParties: ['', ''],
  RegisterProduct: [GTIN, 'P', 'tablet', '1 mg', '10'],
  GetProduct: [GTIN],
  ListProducts: ['', '', ''],
  ListProductBatches: [GTIN, '', ''],
  IndexProducts: ['', '10'],
  SetProductLinks: [GTIN, '[]'],
  GetProductLinks: [GTIN],
  CommissionPacks: [GTIN, 'LOT-42A', EXPIRY, '["T1"]'],
  GetBatch: [GTIN, 'LOT-42A'],
  ListBatchPacks: [GTIN, 'LOT-42A', '', ''],
  RecallBatch: [GTIN, 'LOT-OTHER', 'test'],
  Aggregate: [CASE_1, 'case', JSON.stringify([pack('T9')])],
  Unpack: [CASE_1],
  GetContainer: [CASE_1],
  Ship: [PARTIES.distributor.gln, JSON.stringify([pack('T9')])],
  Receive: [SOME_ID, '[]'],
  CancelShipment: [SOME_ID, 'sent to the wrong party'],
  CloseShipment: [SOME_ID, ''],
  GetShipment: [SOME_ID],
  ListShipments: ['', 'in', '', '', ''],
  MigrateShipmentIndex: ['10'],
  ListInventory: ['', ''],
  ListRecalledStock: ['', ''],
  Dispense: [GTIN, 'T9'],
  Decommission: [GTIN, 'T9', 'destroyed', ''],
  UndoDecommission: [GTIN, 'T9'],
  DispenseContainer: [CASE_1],
  DecommissionContainer: [CASE_1, 'destroyed', ''],
  DispensePacks: [JSON.stringify([pack('T9')])],
  DecommissionPacks: [JSON.stringify([pack('T9')]), 'destroyed', ''],
  VerifyAndDispense: [code('T9')],
  VerifyContainer: [CASE_1],
  VerifyPacks: [JSON.stringify([code('T1')])],
  Verify: [code('T1')],
  RecordScan: [code('T1')],
  RecordVerificationRequest: [
    code('T1'),
    'dscsaSaleableReturn',
    '00000000-0000-4000-8000-000000000000',
  ],
  FlagPack: [GTIN, 'T9', 'suspect'],
  GetAlert: [SOME_ID],
  ListAlerts: ['', '', '', '', '', ''],
  AlertSummary: [],
  AlertGroups: [],
  IndexAlerts: ['', '10'],
  ResolveAlert: [SOME_ID, 'cleared', 'ok'],
  GetPack: [GTIN, 'T1'],
  GetPackHistory: [GTIN, 'T1'],
  CaptureEvent: [
    'urn:uuid:6c3a9c2e-6f1e-4f5e-9a44-2f0d3b1c7a10',
    LEDGER_NOW,
    'shipping',
    JSON.stringify({ to: PARTIES.distributor.gln, items: [pack('T9')] }),
  ],
  // The event's time sits inside the JSON, so it is not the ledger's now: refused for that.
  CaptureDocument: [
    JSON.stringify([
      {
        eventId: 'urn:uuid:6c3a9c2e-6f1e-4f5e-9a44-2f0d3b1c7a11',
        eventTime: '2000-01-01T00:00:00Z',
        step: 'shipping',
        args: { to: PARTIES.distributor.gln, items: [pack('T9')] },
      },
    ]),
  ],
  DeclareEventError: ['urn:uuid:6c3a9c2e-6f1e-4f5e-9a44-2f0d3b1c7a10', LEDGER_NOW, '', '[]'],
  GetEventErrorDeclarations: [JSON.stringify(['urn:uuid:6c3a9c2e-6f1e-4f5e-9a44-2f0d3b1c7a10'])],
  RequestTrace: ['pack', GTIN, 'T1', 'suspect', 'INC-1', 'false'],
  AnswerTraceRequest: [SOME_ID],
  GetTraceRequest: [SOME_ID],
  GetTraceAnswer: [SOME_ID, '', ''],
  ListTraceRequests: ['open', LEDGER_NOW, '', ''],
  TakeAlertStep: [SOME_ID, 'acknowledge', '', 'seen', ''],
  RequestLotVerification: [SOME_ID, PARTIES.distributor.gln, '3', 'check three'],
  RecordRequestedVerification: [SOME_ID, SOME_ID, code('T1')],
  GetIllegitimateNotice: [SOME_ID],
  TerminateIllegitimateNotice: [SOME_ID, 'dealt with'],
};

/**
 * Refusals that are about who calls rather than what is asked; an allowed cell must get past all
 * of them. Every other code of the chaincode is a business outcome.
 */
const CALLER_REFUSALS = new Set<string>(CALLER_ERROR_CODES);
const BUSINESS_CODES = LEDGER_ERROR_CODES.filter((code) => !CALLER_REFUSALS.has(code));

interface Row {
  transaction: string;
  kind: 'submit' | 'evaluate';
  allowed: Record<(typeof ROLES)[number], boolean>;
}

function readTable(): Row[] {
  const text = readFileSync(join(__dirname, '..', '..', 'docs', 'access-control.md'), 'utf8');
  return text
    .split('\n')
    .filter((line) => /^\|\s*[a-z]+:[A-Za-z]+\s*\|/.test(line))
    .map((line) => {
      const [transaction = '', kind = '', ...cells] = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      return {
        transaction,
        kind: kind as Row['kind'],
        allowed: Object.fromEntries(
          ROLES.map((role, i) => [role, cells[i] === 'yes']),
        ) as Row['allowed'],
      };
    });
}

const table = readTable();

/** The catalogue's key of a `contract:Transaction` name the document gives. */
function catalogueName(transaction: string): TransactionName {
  const name = transaction.split(':')[1] ?? '';
  if (!(name in Tx)) {
    throw new Error(`${transaction} is not in the transaction catalogue`);
  }
  return name as TransactionName;
}

function catalogued(transaction: string): (typeof Tx)[TransactionName] {
  return Tx[catalogueName(transaction)];
}

describe('the transaction catalogue', () => {
  it('lists exactly the transactions the contracts expose, under their contracts’ names', () => {
    const exposed = contracts.flatMap((Contract) => {
      const contract = new Contract();
      const transactions = (Reflect.getMetadata('fabric:transactions', Contract.prototype) ??
        []) as readonly { name: string }[];
      return transactions.map(({ name }) => `${contract.getName()}:${name}`);
    });
    expect(exposed.sort()).toEqual(
      Object.values(Tx)
        .map((entry) => entry.name)
        .sort(),
    );
  });

  it('submits what writes and evaluates what reads, as the contracts declare', () => {
    const declared = contracts.flatMap((Contract) => {
      const contract = new Contract();
      const transactions = (Reflect.getMetadata('fabric:transactions', Contract.prototype) ??
        []) as readonly { name: string; tag: readonly string[] }[];
      return transactions.map(({ name, tag }) => ({
        name: `${contract.getName()}:${name}`,
        writes: tag.includes('SUBMIT'),
      }));
    });
    expect(declared.sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      Object.values(Tx)
        .map((entry) => ({ name: entry.name, writes: entry.writes }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  });
});

describe('the role × transaction table in docs/access-control.md', () => {
  let d: ScenarioLedger;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['T1', 'T9']);
  });
  afterAll(async () => d.stop());

  it('names every transaction of the catalogue, once, as the catalogue states it', () => {
    expect(table.map((row) => row.transaction).sort()).toEqual(
      Object.values(Tx)
        .map((entry) => entry.name)
        .sort(),
    );
    for (const row of table) {
      const entry = catalogued(row.transaction);
      expect({ transaction: row.transaction, kind: entry.writes ? 'submit' : 'evaluate' }).toEqual({
        transaction: row.transaction,
        kind: row.kind,
      });
      expect({ transaction: row.transaction, allowed: row.allowed }).toEqual({
        transaction: row.transaction,
        allowed: Object.fromEntries(ROLES.map((role) => [role, entry.roles.includes(role)])),
      });
    }
  });

  const cells = table.flatMap((row) =>
    ROLES.map((role) => ({ ...row, role, allowedHere: row.allowed[role] })),
  );
  it.each(cells)(
    '$transaction as $role: allowed=$allowedHere',
    async ({ transaction, kind, role, allowedHere }) => {
      const args = ARGS[catalogueName(transaction)].map((arg) =>
        arg === LEDGER_NOW ? d.now().toISOString() : arg,
      );
      const call = (): Promise<unknown> =>
        kind === 'submit'
          ? d.submit(role, transaction, ...args)
          : d.evaluate(role, transaction, ...args);
      if (!allowedHere) {
        expect((await refusal(call())).code).toBe('ROLE_FORBIDDEN');
        return;
      }
      // Success, or a business refusal. Anything else (an internal failure, a malformed call, a
      // refusal of the caller) fails the cell.
      let outcome = 'ACCEPTED';
      try {
        await call();
      } catch (error) {
        if (!(error instanceof LedgerCallError)) {
          throw error;
        }
        outcome = error.code;
      }
      expect(['ACCEPTED', ...BUSINESS_CODES]).toContain(outcome);
    },
  );
});
