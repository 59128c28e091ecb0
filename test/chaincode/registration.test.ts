import { Tx, MAX_SERIALS_PER_CALL, type Party, type Product } from '@packtrace/chaincode/client';
import type { ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES, gln, gtin } from '../support/demo-parties';
import { EXPIRY, OTHER_EXPIRY, commission, pack, registerProduct } from '../support/fixtures';
import { refusal } from '../support/scenario-ledger';

describe('parties, products and commissioning', () => {
  let d: ScenarioLedger;

  beforeEach(async () => {
    d = await startScenario();
  });
  afterEach(async () => d.stop());

  it('bootstraps the regulator once, from its certificate', async () => {
    const fresh = await startScenario({ bootstrap: false });
    try {
      expect((await refusal(fresh.submit('manufacturer', Tx.Bootstrap, 'Me'))).code).toBe(
        'ROLE_FORBIDDEN',
      );
      const regulator = await fresh.submit<Party>('regulator', Tx.Bootstrap, 'Agency');
      expect(regulator).toMatchObject({
        gln: PARTIES.regulator.gln,
        mspId: 'RegulatorMSP',
        role: 'regulator',
      });
      expect((await refusal(fresh.submit('regulator', Tx.Bootstrap, 'Agency'))).code).toBe(
        'ALREADY_BOOTSTRAPPED',
      );
    } finally {
      await fresh.stop();
    }
  });

  it('refuses callers whose certificate does not match a registered party', async () => {
    expect((await refusal(d.evaluate('unregistered', Tx.GetProduct, GTIN))).code).toBe(
      'PARTY_NOT_REGISTERED',
    );
    expect((await refusal(d.evaluate('noAttributes', Tx.GetProduct, GTIN))).code).toBe(
      'IDENTITY_INCOMPLETE',
    );
    expect((await refusal(d.evaluate('wrongMsp', Tx.GetProduct, GTIN))).code).toBe(
      'IDENTITY_MISMATCH',
    );
  });

  it('refuses a certificate from a CA the ledger does not trust before running the chaincode', async () => {
    await expect(d.evaluate('outsider', Tx.GetProduct, GTIN)).rejects.toThrow('access denied');
  });

  it('refuses a second party with the same GLN or company prefix', async () => {
    const again = d.submit(
      'regulator',
      Tx.RegisterParty,
      PARTIES.pharmacy.gln,
      'Copy',
      'pharmacy',
      'PharmacyMSP',
      '[]',
    );
    expect((await refusal(again)).code).toBe('PARTY_EXISTS');
    const prefix = d.submit(
      'regulator',
      Tx.RegisterParty,
      gln('950600000099'),
      'Thief',
      'manufacturer',
      'ManufacturerMSP',
      '["9506000"]',
    );
    expect((await refusal(prefix)).code).toBe('PREFIX_TAKEN');
  });

  it('lists parties a page at a time', async () => {
    const first = await d.evaluate<{ items: Party[]; bookmark: string }>(
      'pharmacy',
      Tx.ListParties,
      '4',
      '',
    );
    const rest = await d.evaluate<{ items: Party[]; bookmark: string }>(
      'pharmacy',
      Tx.ListParties,
      '4',
      first.bookmark,
    );
    expect(first.items).toHaveLength(4);
    expect(rest.items).toHaveLength(2);
    expect(rest.bookmark).toBe('');
    expect((await refusal(d.evaluate('pharmacy', Tx.ListParties, '0', ''))).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect((await refusal(d.evaluate('pharmacy', Tx.ListParties, '5', 'bogus'))).code).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('suspends a party: it can no longer trade, nor receive custody', async () => {
    await registerProduct(d);
    await commission(d, ['P1']);
    await d.submit('regulator', Tx.SuspendParty, PARTIES.distributor.gln, 'licence lapsed');
    const ship = d.submit(
      'manufacturer',
      Tx.Ship,
      PARTIES.distributor.gln,
      JSON.stringify([pack('P1')]),
    );
    expect((await refusal(ship)).code).toBe('PARTY_NOT_AUTHORISED');
    expect((await refusal(d.submit('distributor', Tx.FlagPack, GTIN, 'P1', 'x'))).code).toBe(
      'PARTY_SUSPENDED',
    );
    await expect(d.evaluate('distributor', Tx.GetProduct, GTIN)).resolves.toBeDefined();
    await d.submit('regulator', Tx.AuthoriseParty, PARTIES.distributor.gln, 'renewed');
    await d.submit('manufacturer', Tx.Ship, PARTIES.distributor.gln, JSON.stringify([pack('P1')]));
  });

  it('lets only the owner of the company prefix register a product', async () => {
    const error = await refusal(
      d.submit('manufacturer2', Tx.RegisterProduct, GTIN, 'Copy', 'tablet', '1 mg', '10'),
    );
    expect(error.code).toBe('NOT_COMPANY_PREFIX_OWNER');
    const product = await d.submit<Product>(
      'manufacturer',
      Tx.RegisterProduct,
      GTIN,
      'Paracetamol',
      'tablet',
      '500 mg',
      '20',
    );
    expect(product).toMatchObject({
      gtin: GTIN,
      manufacturer: PARTIES.manufacturer.gln,
      packSize: 20,
    });
    expect((await refusal(registerProduct(d))).code).toBe('PRODUCT_EXISTS');
  });

  it('commissions idempotently: a repeated call changes nothing', async () => {
    await registerProduct(d);
    await commission(d, ['C1', 'C2']);
    const events = await d.recordEvents('manufacturer');
    const again = await d.commit(
      'manufacturer',
      Tx.CommissionPacks,
      GTIN,
      'LOT-42A',
      EXPIRY,
      JSON.stringify(['C1', 'C2']),
    );
    expect(JSON.parse(again.payload.toString())).toMatchObject({ created: 0, alreadyPresent: 2 });
    const more = await d.commit(
      'manufacturer',
      Tx.CommissionPacks,
      GTIN,
      'LOT-42A',
      EXPIRY,
      '["C2","C3"]',
    );
    expect(JSON.parse(more.payload.toString())).toMatchObject({ created: 1 });
    await events.until(more.txId);
    events.close();
    // The call that added nothing emitted nothing: the first event is the next call's.
    expect(events.events.map((event) => event.transactionId)).toEqual([more.txId]);
  });

  it('refuses a serial already used under another batch, writing none of the call', async () => {
    await registerProduct(d);
    await commission(d, ['M1']);
    const error = await refusal(commission(d, ['M0', 'M1'], 'LOT-B'));
    expect(error.code).toBe('SERIAL_IN_OTHER_BATCH');
    expect(error.body.details).toEqual({ serial: 'M1', lot: 'LOT-42A' });
    expect((await refusal(d.evaluate('manufacturer', Tx.GetBatch, GTIN, 'LOT-B'))).code).toBe(
      'BATCH_NOT_FOUND',
    );
  });

  it('refuses a second expiry for an existing batch, a product it does not own, and oversized calls', async () => {
    await registerProduct(d);
    await commission(d, ['E1']);
    expect((await refusal(commission(d, ['E2'], 'LOT-42A', OTHER_EXPIRY))).code).toBe(
      'EXPIRY_MISMATCH',
    );
    expect(
      (await refusal(d.submit('manufacturer2', Tx.CommissionPacks, GTIN, 'L', EXPIRY, '["Z"]')))
        .code,
    ).toBe('NOT_PRODUCT_OWNER');
    const tooMany = JSON.stringify(
      Array.from({ length: MAX_SERIALS_PER_CALL + 1 }, (_, i) => `N${i}`),
    );
    expect((await refusal(commission(d, JSON.parse(tooMany) as string[]))).code).toBe(
      'LIMIT_EXCEEDED',
    );
    expect((await refusal(commission(d, ['DUP', 'DUP']))).code).toBe('DUPLICATE_ITEM');
    expect(
      (await refusal(d.submit('manufacturer', Tx.GetProduct, gtin('0950600012345')))).code,
    ).toBe('PRODUCT_NOT_FOUND');
  });

  it('lists a batch’s serials for its owner and the regulator only', async () => {
    await registerProduct(d);
    await commission(d, ['L1', 'L2', 'L3']);
    const page = await d.evaluate<{ items: string[] }>(
      'regulator',
      Tx.ListBatchPacks,
      GTIN,
      'LOT-42A',
      '',
      '',
    );
    // Listed once each, in the compact record's order (by commissioning call, then cell).
    expect([...page.items].sort()).toEqual(['L1', 'L2', 'L3']);
    expect(
      (await refusal(d.evaluate('manufacturer2', Tx.ListBatchPacks, GTIN, 'LOT-42A', '', ''))).code,
    ).toBe('NOT_PRODUCT_OWNER');
  });
});
