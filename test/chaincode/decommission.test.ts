import { Tx, type Pack } from '@packtrace/chaincode/client';
import type { ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES } from '../support/demo-parties';
import {
  code,
  commission,
  pack,
  reasonCodes,
  registerProduct,
  shipAndReceive,
  verify,
} from '../support/fixtures';
import { refusal } from '../support/scenario-ledger';

describe('dispensing, decommissioning and undo', () => {
  let d: ScenarioLedger;

  beforeEach(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['D1', 'D2', 'D3', 'D4']);
    await shipAndReceive(d, 'manufacturer', 'pharmacy', [pack('D1'), pack('D2'), pack('D3')]);
  });
  afterEach(async () => d.stop());

  it('refuses to dispense a pack in another pharmacy’s custody', async () => {
    expect((await refusal(d.submit('pharmacy2', Tx.Dispense, GTIN, 'D1'))).code).toBe(
      'NOT_IN_CUSTODY',
    );
  });

  it('refuses to let anyone but a pharmacy dispense', async () => {
    expect((await refusal(d.submit('manufacturer', Tx.Dispense, GTIN, 'D4'))).code).toBe(
      'ROLE_FORBIDDEN',
    );
  });

  it.each(['destroyed', 'stolen', 'exported', 'sample', 'free_sample', 'locked'])(
    'records a pack as %s',
    async (reason) => {
      const updated = await d.submit<Pack>('pharmacy', Tx.Decommission, GTIN, 'D1', reason, 'note');
      expect(updated).toMatchObject({ status: 'inactive', decommission: { reason, note: 'note' } });
      expect(reasonCodes(await verify(d, 'pharmacy', code('D1')))).toEqual(['PACK_INACTIVE']);
    },
  );

  it('refuses an unknown decommissioning reason', async () => {
    const error = await refusal(d.submit('pharmacy', Tx.Decommission, GTIN, 'D1', 'lost', ''));
    expect(error.code).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('destroyed');
  });

  it('refuses an undo by a party other than the one that decommissioned', async () => {
    await d.submit('pharmacy', Tx.Dispense, GTIN, 'D1');
    const error = await refusal(d.submit('pharmacy2', Tx.UndoDecommission, GTIN, 'D1'));
    expect(error.message).toContain('only the party that decommissioned');
  });

  it('refuses to undo a stolen or destroyed pack', async () => {
    await d.submit('pharmacy', Tx.Decommission, GTIN, 'D1', 'stolen', 'break-in');
    await d.submit('pharmacy', Tx.Decommission, GTIN, 'D2', 'destroyed', '');
    expect(
      (await refusal(d.submit('pharmacy', Tx.UndoDecommission, GTIN, 'D1'))).message,
    ).toContain('stolen');
    expect(
      (await refusal(d.submit('pharmacy', Tx.UndoDecommission, GTIN, 'D2'))).message,
    ).toContain('destroyed');
  });

  it('refuses to undo once the batch has been recalled', async () => {
    await d.submit('pharmacy', Tx.Dispense, GTIN, 'D1');
    await d.submit('regulator', Tx.RecallBatch, GTIN, 'LOT-42A', 'quality defect');
    expect(
      (await refusal(d.submit('pharmacy', Tx.UndoDecommission, GTIN, 'D1'))).message,
    ).toContain('recalled');
  });

  it('undoes a dispensing at once, by the same pharmacy', async () => {
    await d.submit('pharmacy', Tx.Dispense, GTIN, 'D1');
    const restored = await d.submit<Pack>('pharmacy', Tx.UndoDecommission, GTIN, 'D1');
    expect(restored).toMatchObject({
      status: 'active',
      custodian: PARTIES.pharmacy.gln,
      decommission: null,
    });
    expect((await verify(d, 'pharmacy', code('D1'))).verdict).toBe('AUTHENTIC_ACTIVE');
  });
});
