import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACCESS_RULES } from '@packtrace/chaincode';
import { EmbeddedDriver } from '../support/embedded-driver';
import { GTIN, PARTIES } from '../support/demo-parties';
import { CASE_1, code, commission, pack, registerProduct } from '../support/fixtures';
import { LedgerCallError } from '../support/ledger-driver';

const ROLES = ['manufacturer', 'distributor', 'pharmacy', 'regulator'] as const;
const SOME_ID = 'a'.repeat(64);

/** Plausible arguments for each transaction; the cell is about the role, not the outcome. */
const ARGS: Record<string, string[]> = {
  'parties:Bootstrap': ['Agency'],
  'parties:RegisterParty': [PARTIES.pharmacy2.gln, 'X', 'pharmacy', 'PharmacyMSP', '[]'],
  'parties:AuthoriseParty': [PARTIES.pharmacy2.gln, 'ok'],
  'parties:SuspendParty': [PARTIES.pharmacy2.gln, 'audit'],
  'parties:GetParty': [PARTIES.pharmacy.gln],
  'parties:ListParties': ['', ''],
  'products:RegisterProduct': [GTIN, 'P', 'tablet', '1 mg', '10'],
  'products:GetProduct': [GTIN],
  'batches:CommissionPacks': [GTIN, 'LOT-42A', '271231', '["T1"]'],
  'batches:GetBatch': [GTIN, 'LOT-42A'],
  'batches:ListBatchPacks': [GTIN, 'LOT-42A', '', ''],
  'batches:RecallBatch': [GTIN, 'LOT-OTHER', 'test'],
  'aggregation:Aggregate': [CASE_1, 'case', JSON.stringify([pack('T9')])],
  'aggregation:Unpack': [CASE_1],
  'aggregation:GetContainer': [CASE_1],
  'custody:Ship': [PARTIES.distributor.gln, JSON.stringify([pack('T9')])],
  'custody:Receive': [SOME_ID, '[]'],
  'custody:GetShipment': [SOME_ID],
  'custody:ListShipments': ['', 'in', '', ''],
  'custody:ListInventory': ['', ''],
  'dispensing:Dispense': [GTIN, 'T9'],
  'dispensing:Decommission': [GTIN, 'T9', 'destroyed', ''],
  'dispensing:UndoDecommission': [GTIN, 'T9'],
  'verification:Verify': [code('T1')],
  'verification:RecordScan': [code('T1')],
  'alerts:FlagPack': [GTIN, 'T9', 'suspect'],
  'alerts:GetAlert': [SOME_ID],
  'alerts:ListAlerts': ['', '', ''],
  'alerts:ResolveAlert': [SOME_ID, 'cleared', 'ok'],
  'provenance:GetPack': [GTIN, 'T1'],
  'provenance:GetPackHistory': [GTIN, 'T1'],
};

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
  let d: EmbeddedDriver;

  beforeAll(async () => {
    d = await EmbeddedDriver.start();
    await registerProduct(d);
    await commission(d, ['T1', 'T9']);
  });
  afterAll(async () => d.stop());

  it('names every transaction of the chaincode, once', () => {
    const documented = table.map((row) => row.transaction.split(':')[1]).sort();
    expect(documented).toEqual(Object.keys(ACCESS_RULES).sort());
  });

  const cells = table.flatMap((row) => ROLES.map((role) => ({ ...row, role })));
  it.each(cells)(
    '$transaction as $role: allowed=$allowed.$role',
    async ({ transaction, kind, role, allowed }) => {
      let outcome = 'accepted';
      try {
        await (kind === 'submit'
          ? d.submit(role, transaction, ...(ARGS[transaction] ?? []))
          : d.evaluate(role, transaction, ...(ARGS[transaction] ?? [])));
      } catch (error) {
        if (!(error instanceof LedgerCallError)) {
          throw error;
        }
        outcome = error.code;
      }
      if (allowed[role]) {
        expect(outcome).not.toBe('ROLE_FORBIDDEN');
      } else {
        expect(outcome).toBe('ROLE_FORBIDDEN');
      }
    },
  );
});
