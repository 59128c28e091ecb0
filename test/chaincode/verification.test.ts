import { Tx } from '@packtrace/chaincode/client';
import type { ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES, gtin } from '../support/demo-parties';
import {
  EXPIRY,
  EXPIRY_DAY_00,
  OTHER_EXPIRY,
  code,
  commission,
  pack,
  reasonCodes,
  registerProduct,
  shipAndReceive,
  verify,
} from '../support/fixtures';
import { refusal } from '../support/scenario-ledger';

describe('verification verdicts', () => {
  let d: ScenarioLedger;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['A1', 'A2', 'A3', 'A4', 'A5']);
    await commission(d, ['B1'], 'LOT-B', OTHER_EXPIRY);
    await shipAndReceive(d, 'manufacturer', 'pharmacy', ['A1', 'A2', 'A3', 'A4'].map(pack));
  });
  afterAll(async () => d.stop());

  it('says genuine and active for a pack in the scanning pharmacy’s custody', async () => {
    const verdict = await verify(d, 'pharmacy', code('A1'));
    expect(verdict).toMatchObject({
      verdict: 'AUTHENTIC_ACTIVE',
      reasons: [],
      checkedBy: PARTIES.pharmacy.gln,
    });
  });

  it('accepts a Digital Link QR as well as a DataMatrix string', async () => {
    const link = `https://qr.example/01/${GTIN}/10/LOT-42A/21/A1?17=${EXPIRY}`;
    expect((await verify(d, 'pharmacy', link)).verdict).toBe('AUTHENTIC_ACTIVE');
  });

  it.each([
    ['an unknown product', `(01)${gtin('0950600099999')}(21)X1`, ['UNKNOWN_PRODUCT']],
    ['an unknown serial', code('NOPE'), ['UNKNOWN_SERIAL']],
    ['an unknown batch and serial', code('NOPE', 'LOT-ZZ'), ['UNKNOWN_BATCH', 'UNKNOWN_SERIAL']],
    [
      'a serial printed with another batch',
      code('A2', 'LOT-B', OTHER_EXPIRY),
      ['SERIAL_UNDER_OTHER_BATCH', 'EXPIRY_MISMATCH'],
    ],
    ['an expiry that does not match', code('A2', 'LOT-42A', OTHER_EXPIRY), ['EXPIRY_MISMATCH']],
    ['a pack that never reached this pharmacy', code('A5'), ['NOT_IN_CUSTODY']],
  ])('refuses %s', async (_label, text, expected) => {
    expect(reasonCodes(await verify(d, 'pharmacy', text))).toEqual(expected);
  });

  it('gives the EU hub alert code with each reason', async () => {
    const verdict = await verify(d, 'pharmacy', code('A2', 'LOT-B', OTHER_EXPIRY));
    expect(verdict.reasons.map((r) => r.euAlert)).toEqual(['A68', 'A52']);
  });

  it('accepts an expiry printed with day 00 for the last day of the month', async () => {
    expect((await verify(d, 'pharmacy', code('A3', 'LOT-42A', EXPIRY_DAY_00))).verdict).toBe(
      'AUTHENTIC_ACTIVE',
    );
  });

  it('refuses a dispensed pack as inactive, naming why', async () => {
    await d.submit('pharmacy', Tx.Dispense, GTIN, 'A4');
    const verdict = await verify(d, 'pharmacy', code('A4'));
    expect(reasonCodes(verdict)).toEqual(['PACK_INACTIVE']);
    expect(verdict.reasons[0]?.message).toContain('dispensed');
  });

  it('lets the regulator verify any pack without a custody judgement', async () => {
    expect((await verify(d, 'regulator', code('A5'))).verdict).toBe('AUTHENTIC_ACTIVE');
  });

  it('rejects a malformed code with the part that was wrong', async () => {
    const error = await refusal(verify(d, 'pharmacy', `(01)09506000134353(21)A1`));
    expect(error.code).toBe('INVALID_CODE');
    expect(error.body.details).toEqual({ gs1Code: 'INVALID_GTIN', field: 'gtin' });
  });
});
