// Embedded ledger only: these scenarios move the ledger's clock, which a real network cannot do.
// The same rules without moving time (undo at once, in-date batches) run on every ledger.
import { Tx, type Pack } from '@packtrace/chaincode/client';
import { GTIN, PARTIES } from '../../support/demo-parties';
import { startEmbeddedScenario, type EmbeddedScenario } from '../../support/embedded-scenario';
import {
  code,
  commission,
  expiryMonthsAfter,
  pack,
  reasonCodes,
  registerProduct,
  shipAndReceive,
  verify,
} from '../../support/fixtures';
import { refusal } from '../../support/scenario-ledger';

describe('rules that depend on the passing of time', () => {
  let d: EmbeddedScenario;

  beforeEach(async () => {
    d = await startEmbeddedScenario();
    await registerProduct(d);
  });
  afterEach(async () => d.stop());

  describe('the ten-day undo window', () => {
    beforeEach(async () => {
      await commission(d, ['D1']);
      await shipAndReceive(d, 'manufacturer', 'pharmacy', [pack('D1')]);
      await d.submit('pharmacy', Tx.Dispense, GTIN, 'D1');
    });

    it('undoes a dispensing nine days later', async () => {
      d.clock.advanceDays(9);
      const restored = await d.submit<Pack>('pharmacy', Tx.UndoDecommission, GTIN, 'D1');
      expect(restored).toMatchObject({ status: 'active', custodian: PARTIES.pharmacy.gln });
      expect((await verify(d, 'pharmacy', code('D1'))).verdict).toBe('AUTHENTIC_ACTIVE');
    });

    it('refuses an undo after ten days', async () => {
      d.clock.advanceDays(11);
      const error = await refusal(d.submit('pharmacy', Tx.UndoDecommission, GTIN, 'D1'));
      expect(error.code).toBe('UNDO_NOT_ALLOWED');
      expect(error.message).toContain('10-day');
    });
  });

  describe('a batch that reaches its expiry', () => {
    let expiry: string;

    beforeEach(async () => {
      // In date when commissioned (the end of this month), expired a little over a month on.
      expiry = expiryMonthsAfter(d.now(), 0);
      await commission(d, ['X1', 'X2'], 'LOT-X', expiry);
      await shipAndReceive(d, 'manufacturer', 'pharmacy', [pack('X1'), pack('X2')]);
      d.clock.advanceDays(32);
    });

    it('is refused for dispensing but may be destroyed', async () => {
      expect((await refusal(d.submit('pharmacy', Tx.Dispense, GTIN, 'X1'))).code).toBe(
        'BATCH_EXPIRED',
      );
      await d.submit('pharmacy', Tx.Decommission, GTIN, 'X1', 'destroyed', 'expired');
    });

    it('verifies as expired', async () => {
      expect(reasonCodes(await verify(d, 'pharmacy', code('X2', 'LOT-X', expiry)))).toEqual([
        'EXPIRED',
      ]);
    });
  });
});
