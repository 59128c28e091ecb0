import { Tx, type Shipment } from '@packtrace/chaincode/client';
import type { ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES, gln, sscc } from '../support/demo-parties';
import {
  CASE_1,
  CASE_2,
  PALLET_1,
  commission,
  container,
  pack,
  registerProduct,
} from '../support/fixtures';
import { refusal } from '../support/scenario-ledger';

describe('refusals around records that are missing, taken or out of turn', () => {
  let d: ScenarioLedger;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['K1', 'K2', 'K3', 'K4']);
    await d.submit('manufacturer', Tx.Aggregate, CASE_1, 'case', JSON.stringify([pack('K1')]));
  });
  afterAll(async () => d.stop());

  it.each([
    ['an unknown party', Tx.GetParty, [gln('950600000777')], 'PARTY_NOT_FOUND'],
    ['an unknown pack', Tx.GetPack, [GTIN, 'NOPE'], 'PACK_NOT_FOUND'],
    ['an unknown container', Tx.GetContainer, [sscc('09506000000009999')], 'CONTAINER_NOT_FOUND'],
    ['an unknown shipment', Tx.GetShipment, ['b'.repeat(64)], 'SHIPMENT_NOT_FOUND'],
    ['an unknown alert', Tx.GetAlert, ['c'.repeat(64)], 'ALERT_NOT_FOUND'],
  ])('refuses to read %s', async (_label, transaction, args, code) => {
    expect((await refusal(d.evaluate('regulator', transaction, ...args))).code).toBe(code);
  });

  it('refuses to ship to a party that is not registered', async () => {
    const error = await refusal(
      d.submit('manufacturer', Tx.Ship, gln('950600000777'), JSON.stringify([pack('K2')])),
    );
    expect(error.code).toBe('PARTY_NOT_FOUND');
  });

  it('refuses to reuse an SSCC', async () => {
    const error = await refusal(
      d.submit('manufacturer', Tx.Aggregate, CASE_1, 'case', JSON.stringify([pack('K2')])),
    );
    expect(error.code).toBe('CONTAINER_EXISTS');
  });

  it('refuses a case inside a case and a pallet on a pallet', async () => {
    const caseInCase = d.submit(
      'manufacturer',
      Tx.Aggregate,
      CASE_2,
      'case',
      JSON.stringify([container(CASE_1)]),
    );
    expect((await refusal(caseInCase)).code).toBe('INVALID_AGGREGATION');
    await d.submit(
      'manufacturer',
      Tx.Aggregate,
      PALLET_1,
      'pallet',
      JSON.stringify([container(CASE_1)]),
    );
    const palletOnPallet = d.submit(
      'manufacturer',
      Tx.Aggregate,
      CASE_2,
      'pallet',
      JSON.stringify([container(PALLET_1)]),
    );
    expect((await refusal(palletOnPallet)).code).toBe('INVALID_AGGREGATION');
  });

  it('refuses to ship to oneself or to the regulator, who holds no stock', async () => {
    expect(
      (
        await refusal(
          d.submit('manufacturer', Tx.Ship, PARTIES.manufacturer.gln, JSON.stringify([pack('K2')])),
        )
      ).code,
    ).toBe('INVALID_DESTINATION');
    expect(
      (
        await refusal(
          d.submit('manufacturer', Tx.Ship, PARTIES.regulator.gln, JSON.stringify([pack('K2')])),
        )
      ).code,
    ).toBe('INVALID_DESTINATION');
  });

  it('lets only the addressee receive, and only once', async () => {
    const shipment = await d.submit<Shipment>(
      'manufacturer',
      Tx.Ship,
      PARTIES.pharmacy.gln,
      JSON.stringify([pack('K3')]),
    );
    expect(
      (await refusal(d.submit('pharmacy2', Tx.Receive, shipment.id, JSON.stringify([pack('K3')]))))
        .code,
    ).toBe('NOT_RECIPIENT');
    expect((await refusal(d.evaluate('pharmacy2', Tx.GetShipment, shipment.id))).code).toBe(
      'NOT_PERMITTED',
    );
    await d.submit('pharmacy', Tx.Receive, shipment.id, JSON.stringify([pack('K3')]));
    expect(
      (await refusal(d.submit('pharmacy', Tx.Receive, shipment.id, JSON.stringify([pack('K3')]))))
        .code,
    ).toBe('SHIPMENT_CLOSED');
  });

  it('refuses to ship an item already in transit', async () => {
    await d.submit('manufacturer', Tx.Ship, PARTIES.distributor.gln, JSON.stringify([pack('K4')]));
    const again = d.submit(
      'manufacturer',
      Tx.Ship,
      PARTIES.pharmacy.gln,
      JSON.stringify([pack('K4')]),
    );
    expect((await refusal(again)).code).toBe('IN_TRANSIT');
  });
});
