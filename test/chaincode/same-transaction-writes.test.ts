import { Tx, type Alert, type Container, type Shipment } from '@packtrace/chaincode/client';
import type { ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { PARTIES } from '../support/demo-parties';
import {
  CASE_1,
  code,
  commission,
  container,
  pack,
  reasonCodes,
  registerProduct,
  verify,
} from '../support/fixtures';

/**
 * Transactions that write the same record twice (a receipt that quarantines a case and the
 * packs inside it, a resolution that releases them all): each later step must build on the
 * earlier one, so the committed record is the last write, not a mix of old and new.
 */
describe('a case received by naming its packs instead of its SSCC', () => {
  let d: ScenarioLedger;
  let shipment: Shipment;
  let received: Shipment;

  const inventory = async (user: 'manufacturer' | 'distributor') =>
    (
      await d.evaluate<{ items: Array<{ sscc?: string; serial?: string }> }>(
        user,
        Tx.ListInventory,
        '',
        '',
      )
    ).items.map((item) => item.sscc ?? item.serial);
  const theCase = () => d.evaluate<Container>('regulator', Tx.GetContainer, CASE_1);

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['W1', 'W2']);
    await d.submit(
      'manufacturer',
      Tx.Aggregate,
      CASE_1,
      'case',
      JSON.stringify([pack('W1'), pack('W2')]),
    );
    shipment = await d.submit<Shipment>(
      'manufacturer',
      Tx.Ship,
      PARTIES.distributor.gln,
      JSON.stringify([container(CASE_1)]),
    );
    received = await d.submit<Shipment>(
      'distributor',
      Tx.Receive,
      shipment.id,
      JSON.stringify([pack('W1'), pack('W2')]),
    );
  });
  afterAll(async () => d.stop());

  it('records the discrepancy and holds the case, back with its sender, counting both packs', async () => {
    expect(received).toMatchObject({
      status: 'received_with_discrepancy',
      missing: [container(CASE_1)],
      extra: [pack('W1'), pack('W2')],
    });
    expect(await theCase()).toMatchObject({
      status: 'quarantined',
      shipment: null,
      custodian: PARTIES.manufacturer.gln,
      heldPacks: 2,
    });
    expect(await inventory('manufacturer')).toEqual([CASE_1]);
    expect(await inventory('distributor')).toEqual([]);
  });

  it('is whole again once the regulator clears the alert: the sender can ship it, the receiver receive it', async () => {
    await d.submit<Alert>(
      'regulator',
      Tx.ResolveAlert,
      received.alertId ?? '',
      'cleared',
      'the case was named by its packs',
    );
    expect(await theCase()).toMatchObject({
      status: 'active',
      shipment: null,
      custodian: PARTIES.manufacturer.gln,
      heldPacks: 0,
      quarantine: null,
    });
    expect((await verify(d, 'manufacturer', code('W1'))).verdict).toBe('AUTHENTIC_ACTIVE');
    expect(reasonCodes(await verify(d, 'distributor', code('W1')))).toEqual(['NOT_IN_CUSTODY']);

    const again = await d.submit<Shipment>(
      'manufacturer',
      Tx.Ship,
      PARTIES.distributor.gln,
      JSON.stringify([container(CASE_1)]),
    );
    await d.submit('distributor', Tx.Receive, again.id, JSON.stringify([container(CASE_1)]));
    expect((await verify(d, 'distributor', code('W2'))).verdict).toBe('AUTHENTIC_ACTIVE');
    expect(await inventory('distributor')).toEqual([CASE_1]);
    expect(await inventory('manufacturer')).toEqual([]);
    await d.submit('distributor', Tx.Unpack, CASE_1);
    expect((await inventory('distributor')).sort()).toEqual(['W1', 'W2']);
  });
});
