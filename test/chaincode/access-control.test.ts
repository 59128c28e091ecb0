import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_RULES, CALLER_ERROR_CODES, LEDGER_ERROR_CODES } from '@packtrace/chaincode/client';
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

const ARGS: Record<string, string[]> = {
  'parties:Bootstrap': ['Agency'],
  'parties:RegisterParty': [PARTIES.pharmacy2.gln, 'X', 'pharmacy', 'PharmacyMSP', '[]'],
  'parties:AuthoriseParty': [PARTIES.pharmacy2.gln, 'ok'],
  'parties:SuspendParty': [PARTIES.pharmacy2.gln, 'audit'],
  'parties:GetParty': [PARTIES.pharmacy.gln],
  'parties:ListParties': ['', ''],
  'products:RegisterProduct': [GTIN, 'P', 'tablet', '1 mg', '10'],
  'products:GetProduct': [GTIN],
  'products:ListProducts': ['', '', ''],
  'products:ListProductBatches': [GTIN, '', ''],
  'products:IndexProducts': ['', '10'],
  'batches:CommissionPacks': [GTIN, 'LOT-42A', EXPIRY, '["T1"]'],
  'batches:GetBatch': [GTIN, 'LOT-42A'],
  'batches:ListBatchPacks': [GTIN, 'LOT-42A', '', ''],
  'batches:RecallBatch': [GTIN, 'LOT-OTHER', 'test'],
  'aggregation:Aggregate': [CASE_1, 'case', JSON.stringify([pack('T9')])],
  'aggregation:Unpack': [CASE_1],
  'aggregation:GetContainer': [CASE_1],
  'custody:Ship': [PARTIES.distributor.gln, JSON.stringify([pack('T9')])],
  'custody:Receive': [SOME_ID, '[]'],
  'custody:CancelShipment': [SOME_ID, 'sent to the wrong party'],
  'custody:GetShipment': [SOME_ID],
  'custody:ListShipments': ['', 'in', '', '', ''],
  'custody:MigrateShipmentIndex': ['10'],
  'custody:ListInventory': ['', ''],
  'custody:ListRecalledStock': ['', ''],
  'dispensing:Dispense': [GTIN, 'T9'],
  'dispensing:Decommission': [GTIN, 'T9', 'destroyed', ''],
  'dispensing:UndoDecommission': [GTIN, 'T9'],
  'verification:Verify': [code('T1')],
  'verification:RecordScan': [code('T1')],
  'verification:RecordVerificationRequest': [
    code('T1'),
    'dscsaSaleableReturn',
    '00000000-0000-4000-8000-000000000000',
  ],
  'alerts:FlagPack': [GTIN, 'T9', 'suspect'],
  'alerts:GetAlert': [SOME_ID],
  'alerts:ListAlerts': ['', '', '', '', '', ''],
  'alerts:AlertSummary': [],
  'alerts:AlertGroups': [],
  'alerts:IndexAlerts': ['', '10'],
  'alerts:ResolveAlert': [SOME_ID, 'cleared', 'ok'],
  'provenance:GetPack': [GTIN, 'T1'],
  'provenance:GetPackHistory': [GTIN, 'T1'],
  'epcis:CaptureEvent': [
    'urn:uuid:6c3a9c2e-6f1e-4f5e-9a44-2f0d3b1c7a10',
    LEDGER_NOW,
    'shipping',
    JSON.stringify({ to: PARTIES.distributor.gln, items: [pack('T9')] }),
  ],
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

describe('the role × transaction table in docs/access-control.md', () => {
  let d: ScenarioLedger;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['T1', 'T9']);
  });
  afterAll(async () => d.stop());

  it('names every transaction of the chaincode, once', () => {
    const documented = table.map((row) => row.transaction.split(':')[1]).sort();
    expect(documented).toEqual(Object.keys(ACCESS_RULES).sort());
  });

  const cells = table.flatMap((row) =>
    ROLES.map((role) => ({ ...row, role, allowedHere: row.allowed[role] })),
  );
  it.each(cells)(
    '$transaction as $role: allowed=$allowedHere',
    async ({ transaction, kind, role, allowedHere }) => {
      const args = ARGS[transaction]?.map((arg) =>
        arg === LEDGER_NOW ? d.now().toISOString() : arg,
      );
      expect(args).toBeDefined();
      const call = (): Promise<unknown> =>
        kind === 'submit'
          ? d.submit(role, transaction, ...args!)
          : d.evaluate(role, transaction, ...args!);
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
