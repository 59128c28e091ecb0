import { Tx } from '@packtrace/chaincode/client';
import type { ScenarioLedger, ScenarioTransaction } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES } from '../support/demo-parties';
import { CASE_1, EXPIRY, commission, pack, registerProduct } from '../support/fixtures';
import { refusal } from '../support/scenario-ledger';

describe('hostile input is refused with a clear code and changes nothing', () => {
  let d: ScenarioLedger;
  let height: number;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['H1']);
  });
  afterAll(async () => d.stop());
  beforeEach(async () => {
    height = await d.height();
  });
  afterEach(async () => {
    expect(await d.height()).toBe(height);
  });

  it.each<[string, [ScenarioTransaction, ...string[]], string]>([
    [
      'a NUL inside a serial',
      [Tx.CommissionPacks, GTIN, 'L', EXPIRY, '["A\\u0000B"]'],
      'INVALID_CODE',
    ],
    [
      'a U+10FFFF in a lot',
      [Tx.CommissionPacks, GTIN, 'L\u{10FFFF}', EXPIRY, '["A"]'],
      'INVALID_CODE',
    ],
    [
      'a composite-key separator in a GTIN',
      [Tx.GetProduct, '0950600\u00000134352'],
      'INVALID_CODE',
    ],
    ['a path in a GLN', [Tx.Ship, '../../etc/passwd', '[]'], 'INVALID_CODE'],
    [
      'an object where an array belongs',
      [Tx.CommissionPacks, GTIN, 'L', EXPIRY, '{"0":"A"}'],
      'INVALID_ARGUMENT',
    ],
    [
      'numbers where serials belong',
      [Tx.CommissionPacks, GTIN, 'L', EXPIRY, '[1,2]'],
      'INVALID_ARGUMENT',
    ],
    ['broken JSON', [Tx.Ship, PARTIES.pharmacy.gln, '[{"type":'], 'INVALID_ARGUMENT'],
    [
      'an item with extra fields',
      [Tx.Ship, PARTIES.pharmacy.gln, JSON.stringify([{ ...pack('H1'), owner: 'me' }])],
      'INVALID_ARGUMENT',
    ],
    [
      'the same item twice',
      [Tx.Ship, PARTIES.pharmacy.gln, JSON.stringify([pack('H1'), pack('H1')])],
      'DUPLICATE_ITEM',
    ],
    [
      'an oversized argument',
      [Tx.CommissionPacks, GTIN, 'L', EXPIRY, `["${'A'.repeat(3_000_000)}"]`],
      'LIMIT_EXCEEDED',
    ],
    [
      'a control character in a note',
      [Tx.FlagPack, GTIN, 'H1', 'bad\u0007bell'],
      'INVALID_ARGUMENT',
    ],
    [
      'an over-long name',
      [Tx.RegisterProduct, GTIN, 'N'.repeat(201), 'f', 's', '1'],
      'INVALID_ARGUMENT',
    ],
    ['a non-hex shipment id', [Tx.Receive, "' OR 1=1 --", '[]'], 'INVALID_ARGUMENT'],
    [
      'an SSCC with a wrong check digit',
      [Tx.Aggregate, CASE_1.slice(0, 17) + '0', 'case', '[]'],
      'INVALID_CODE',
    ],
    [
      'an unknown container kind',
      [Tx.Aggregate, CASE_1, 'crate', JSON.stringify([pack('H1')])],
      'INVALID_ARGUMENT',
    ],
    // A name the chaincode does not have, so it cannot come from the catalogue.
    ['an unknown transaction', ['batches:DropAll'], 'UNKNOWN_TRANSACTION'],
  ])('refuses %s', async (_label, [transaction, ...args], expected) => {
    const error = await refusal(d.submit('manufacturer', transaction, ...args));
    expect(error.code).toBe(expected);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('refuses a call with missing arguments before the contract runs', async () => {
    // fabric-contract-api checks the argument count itself, on a peer exactly as here.
    await expect(d.submit('manufacturer', Tx.RegisterProduct)).rejects.toThrow(
      'Expected 5 parameters, but 0 have been supplied',
    );
  });

  it('refuses a bookmark that does not belong to the listing', async () => {
    const forged = `\u0000holding\u0000${PARTIES.distributor.gln}\u0000`;
    expect((await refusal(d.evaluate('pharmacy', Tx.ListInventory, '10', forged))).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
