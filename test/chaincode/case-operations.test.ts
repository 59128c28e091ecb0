import {
  MAX_PACKS_PER_TRANSACTION,
  Tx,
  type ContainerVerdicts,
  type Container,
  type ListedVerdict,
  type Pack,
  type PackFailure,
  type PackHistory,
  type PacksDecommissioned,
  type VerifiedDispense,
} from '@packtrace/chaincode/client';
import type { ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES, sscc } from '../support/demo-parties';
import {
  code,
  commission,
  container,
  pack,
  reasonCodes,
  registerProduct,
  shipAndReceive,
  verify,
} from '../support/fixtures';
import { refusal } from '../support/scenario-ledger';

/** A fresh SSCC under the demo manufacturer's prefix, one per case the suite packs. */
let nextCase = 300;
function newSscc(): string {
  nextCase += 1;
  return sscc(`09506000000000${String(nextCase)}`);
}

/** Serials unique to one test. */
let nextSerial = 0;
function serials(count: number, prefix = 'W'): string[] {
  nextSerial += 1;
  return Array.from({ length: count }, (_, i) => `${prefix}${String(nextSerial)}-${String(i)}`);
}

/** The failing packs a whole-container or list refusal names, as serial → code. */
function failures(details: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const listed = (details?.failures ?? []) as PackFailure[];
  return Object.fromEntries(listed.map((failure) => [failure.serial, failure.code]));
}

describe('whole cases and many packs in one transaction', () => {
  let d: ScenarioLedger;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
  });
  afterAll(async () => d.stop());

  /** Commissions packs, packs them into a new case and delivers the case to `to`. */
  async function deliveredCase(
    count: number,
    to: 'pharmacy' | 'distributor' = 'pharmacy',
  ): Promise<{ sscc: string; serials: string[] }> {
    const list = serials(count);
    await commission(d, list);
    const caseCode = newSscc();
    await d.submit(
      'manufacturer',
      Tx.Aggregate,
      caseCode,
      'case',
      JSON.stringify(list.map((serial) => pack(serial))),
    );
    await shipAndReceive(d, 'manufacturer', to, [container(caseCode)]);
    return { sscc: caseCode, serials: list };
  }

  async function statuses(list: readonly string[]): Promise<string[]> {
    const packs = await Promise.all(
      list.map((serial) => d.evaluate<{ pack: Pack }>('regulator', Tx.GetPack, GTIN, serial)),
    );
    return packs.map(({ pack: record }) => record.status);
  }

  describe('verifying a case or pallet', () => {
    it('gives every pack’s verdict from the aggregation, nested cases included', async () => {
      const inner = serials(2);
      const loose = serials(1);
      await commission(d, [...inner, ...loose]);
      const caseCode = newSscc();
      const palletCode = newSscc();
      await d.submit(
        'manufacturer',
        Tx.Aggregate,
        caseCode,
        'case',
        JSON.stringify(inner.map((serial) => pack(serial))),
      );
      await d.submit(
        'manufacturer',
        Tx.Aggregate,
        palletCode,
        'pallet',
        JSON.stringify([container(caseCode), pack(loose[0] ?? '')]),
      );
      await shipAndReceive(d, 'manufacturer', 'pharmacy', [container(palletCode)]);

      const answer = await d.evaluate<ContainerVerdicts>(
        'pharmacy',
        Tx.VerifyContainer,
        palletCode,
      );
      expect(answer).toMatchObject({ sscc: palletCode, kind: 'pallet', total: 3, doNotSupply: 0 });
      expect(answer.verdicts.map((verdict) => verdict.code.serial).sort()).toEqual(
        [...inner, ...loose].sort(),
      );
      expect(answer.verdicts.every((verdict) => verdict.verdict === 'AUTHENTIC_ACTIVE')).toBe(true);
    });

    it('lists the packs that may not be supplied first, with their reasons', async () => {
      const delivered = await deliveredCase(3);
      const suspect = delivered.serials[2] ?? '';
      await d.submit('pharmacy', Tx.FlagPack, GTIN, suspect, 'seal broken');
      const answer = await d.evaluate<ContainerVerdicts>(
        'pharmacy',
        Tx.VerifyContainer,
        delivered.sscc,
      );
      expect(answer.doNotSupply).toBe(1);
      expect(answer.verdicts[0]?.code.serial).toBe(suspect);
      expect(reasonCodes(answer.verdicts[0] ?? answer.verdicts[1]!)).toEqual([
        'UNDER_INVESTIGATION',
      ]);
    });

    it('refuses a party that never held the container', async () => {
      const delivered = await deliveredCase(1);
      const error = await refusal(d.evaluate('pharmacy2', Tx.VerifyContainer, delivered.sscc));
      expect(error.code).toBe('NOT_PERMITTED');
    });

    it('refuses an SSCC the ledger does not know', async () => {
      const error = await refusal(d.evaluate('pharmacy', Tx.VerifyContainer, newSscc()));
      expect(error.code).toBe('CONTAINER_NOT_FOUND');
    });
  });

  describe('dispensing a whole case', () => {
    it('dispenses every pack in the case without unpacking it, in one transaction', async () => {
      const delivered = await deliveredCase(3);
      const done = await d.submit<PacksDecommissioned>(
        'pharmacy',
        Tx.DispenseContainer,
        delivered.sscc,
      );
      expect(done).toMatchObject({ sscc: delivered.sscc, reason: 'dispensed', count: 3 });
      expect(await statuses(delivered.serials)).toEqual(['inactive', 'inactive', 'inactive']);
      for (const serial of delivered.serials) {
        expect(reasonCodes(await verify(d, 'pharmacy', code(serial)))).toEqual(['PACK_INACTIVE']);
      }
      const emptied = await d.evaluate<Container>('pharmacy', Tx.GetContainer, delivered.sscc);
      expect(emptied.status).toBe('unpacked');
    });

    it('dispenses the packs of a pallet’s nested cases too', async () => {
      const first = serials(2);
      const second = serials(2);
      await commission(d, [...first, ...second]);
      const [caseA, caseB, palletCode] = [newSscc(), newSscc(), newSscc()];
      for (const [caseCode, list] of [
        [caseA, first],
        [caseB, second],
      ] as const) {
        await d.submit(
          'manufacturer',
          Tx.Aggregate,
          caseCode,
          'case',
          JSON.stringify(list.map((serial) => pack(serial))),
        );
      }
      await d.submit(
        'manufacturer',
        Tx.Aggregate,
        palletCode,
        'pallet',
        JSON.stringify([container(caseA), container(caseB)]),
      );
      await shipAndReceive(d, 'manufacturer', 'pharmacy', [container(palletCode)]);
      const done = await d.submit<PacksDecommissioned>(
        'pharmacy',
        Tx.DispenseContainer,
        palletCode,
      );
      expect(done.count).toBe(4);
      expect(await statuses([...first, ...second])).toEqual(Array(4).fill('inactive'));
    });

    it('lets the pharmacy undo one pack of a dispensed case: it comes back loose in its custody', async () => {
      const delivered = await deliveredCase(2);
      await d.submit('pharmacy', Tx.DispenseContainer, delivered.sscc);
      const restored = await d.submit<Pack>(
        'pharmacy',
        Tx.UndoDecommission,
        GTIN,
        delivered.serials[0] ?? '',
      );
      expect(restored).toMatchObject({
        status: 'active',
        parent: null,
        custodian: PARTIES.pharmacy.gln,
      });
      expect((await verify(d, 'pharmacy', code(delivered.serials[0] ?? ''))).verdict).toBe(
        'AUTHENTIC_ACTIVE',
      );
    });

    it('refuses the whole case, naming each pack, when one is under investigation; nothing changes', async () => {
      const delivered = await deliveredCase(3);
      const suspect = delivered.serials[1] ?? '';
      await d.submit('pharmacy', Tx.FlagPack, GTIN, suspect, 'seal broken');
      const error = await refusal(d.submit('pharmacy', Tx.DispenseContainer, delivered.sscc));
      expect(error.code).toBe('ITEM_QUARANTINED');
      expect(failures(error.body.details)).toEqual({ [suspect]: 'ITEM_QUARANTINED' });
      expect(error.message).toContain('1 of 3 packs');
      expect(await statuses(delivered.serials)).toEqual(['active', 'quarantined', 'active']);
    });

    it('refuses a case holding a pack of a recalled batch, naming it; destroying it is allowed', async () => {
      const good = serials(1);
      const recalled = serials(1);
      await commission(d, good);
      await commission(d, recalled, 'LOT-RECALL-1');
      const caseCode = newSscc();
      await d.submit(
        'manufacturer',
        Tx.Aggregate,
        caseCode,
        'case',
        JSON.stringify([...good, ...recalled].map((serial) => pack(serial))),
      );
      await shipAndReceive(d, 'manufacturer', 'pharmacy', [container(caseCode)]);
      await d.submit('regulator', Tx.RecallBatch, GTIN, 'LOT-RECALL-1', 'quality defect');
      const error = await refusal(d.submit('pharmacy', Tx.DispenseContainer, caseCode));
      expect(error.code).toBe('BATCH_RECALLED');
      expect(failures(error.body.details)).toEqual({ [recalled[0] ?? '']: 'BATCH_RECALLED' });
      expect(await statuses([...good, ...recalled])).toEqual(['active', 'active']);
      const destroyed = await d.submit<PacksDecommissioned>(
        'pharmacy',
        Tx.DecommissionContainer,
        caseCode,
        'destroyed',
        'recall',
      );
      expect(destroyed.count).toBe(2);
    });

    it('refuses a case the pharmacy does not hold', async () => {
      const delivered = await deliveredCase(1);
      const error = await refusal(d.submit('pharmacy2', Tx.DispenseContainer, delivered.sscc));
      expect(error.code).toBe('NOT_IN_CUSTODY');
      expect(await statuses(delivered.serials)).toEqual(['active']);
    });

    it('refuses a case still on a pallet: the pallet is dispensed, or unpacked first', async () => {
      const list = serials(1);
      await commission(d, list);
      const [caseCode, palletCode] = [newSscc(), newSscc()];
      await d.submit(
        'manufacturer',
        Tx.Aggregate,
        caseCode,
        'case',
        JSON.stringify([pack(list[0] ?? '')]),
      );
      await d.submit(
        'manufacturer',
        Tx.Aggregate,
        palletCode,
        'pallet',
        JSON.stringify([container(caseCode)]),
      );
      await shipAndReceive(d, 'manufacturer', 'pharmacy', [container(palletCode)]);
      const error = await refusal(d.submit('pharmacy', Tx.DispenseContainer, caseCode));
      expect(error.code).toBe('IN_CONTAINER');
    });

    it('refuses a case in transit to the pharmacy', async () => {
      const list = serials(1);
      await commission(d, list);
      const caseCode = newSscc();
      await d.submit(
        'manufacturer',
        Tx.Aggregate,
        caseCode,
        'case',
        JSON.stringify([pack(list[0] ?? '')]),
      );
      await d.submit(
        'manufacturer',
        Tx.Ship,
        PARTIES.pharmacy.gln,
        JSON.stringify([container(caseCode)]),
      );
      expect((await refusal(d.submit('pharmacy', Tx.DispenseContainer, caseCode))).code).toBe(
        'IN_TRANSIT',
      );
    });

    it('refuses anyone but a pharmacy', async () => {
      const delivered = await deliveredCase(1, 'distributor');
      const error = await refusal(d.submit('distributor', Tx.DispenseContainer, delivered.sscc));
      expect(error.code).toBe('ROLE_FORBIDDEN');
    });

    it(`refuses a case of more than ${String(MAX_PACKS_PER_TRANSACTION)} packs, before reading them`, async () => {
      const delivered = await deliveredCase(MAX_PACKS_PER_TRANSACTION + 1);
      const error = await refusal(d.submit('pharmacy', Tx.DispenseContainer, delivered.sscc));
      expect(error.code).toBe('LIMIT_EXCEEDED');
      expect(error.message).toContain('bulk job');
      expect(await statuses(delivered.serials.slice(0, 2))).toEqual(['active', 'active']);
    });

    it('refuses an SSCC that is not one', async () => {
      expect((await refusal(d.submit('pharmacy', Tx.DispenseContainer, '123'))).code).toBe(
        'INVALID_CODE',
      );
    });
  });

  describe('decommissioning a whole case', () => {
    it.each(['destroyed', 'stolen', 'exported', 'sample', 'free_sample', 'locked'])(
      'records every pack of a case as %s',
      async (reason) => {
        const delivered = await deliveredCase(2, 'distributor');
        const done = await d.submit<PacksDecommissioned>(
          'distributor',
          Tx.DecommissionContainer,
          delivered.sscc,
          reason,
          'whole case',
        );
        expect(done).toMatchObject({ reason, count: 2 });
        const records = await Promise.all(
          delivered.serials.map((serial) =>
            d.evaluate<{ pack: Pack }>('regulator', Tx.GetPack, GTIN, serial),
          ),
        );
        for (const { pack: record } of records) {
          expect(record).toMatchObject({
            status: 'inactive',
            decommission: { reason, note: 'whole case', by: PARTIES.distributor.gln },
          });
        }
      },
    );

    it('refuses dispensing as a reason (only a pharmacy dispenses) and an unknown reason', async () => {
      const delivered = await deliveredCase(1, 'distributor');
      for (const reason of ['dispensed', 'lost']) {
        const error = await refusal(
          d.submit('distributor', Tx.DecommissionContainer, delivered.sscc, reason, ''),
        );
        expect(error.code).toBe('INVALID_ARGUMENT');
      }
      expect(await statuses(delivered.serials)).toEqual(['active']);
    });
  });

  describe('a list of packs in one transaction', () => {
    it('dispenses loose packs the pharmacy holds', async () => {
      const list = serials(3);
      await commission(d, list);
      await shipAndReceive(
        d,
        'manufacturer',
        'pharmacy',
        list.map((serial) => pack(serial)),
      );
      const done = await d.submit<PacksDecommissioned>(
        'pharmacy',
        Tx.DispensePacks,
        JSON.stringify(list.map((serial) => pack(serial))),
      );
      expect(done).toMatchObject({ sscc: null, count: 3 });
      expect(await statuses(list)).toEqual(['inactive', 'inactive', 'inactive']);
    });

    it('refuses the whole list when one pack is not held or unknown, naming each; nothing changes', async () => {
      const mine = serials(2);
      const theirs = serials(1);
      await commission(d, [...mine, ...theirs]);
      await shipAndReceive(
        d,
        'manufacturer',
        'pharmacy',
        mine.map((serial) => pack(serial)),
      );
      await shipAndReceive(
        d,
        'manufacturer',
        'pharmacy2',
        theirs.map((serial) => pack(serial)),
      );
      const listed = [...mine, ...theirs, 'NO-SUCH-PACK'].map((serial) => pack(serial));
      const error = await refusal(
        d.submit('pharmacy', Tx.DecommissionPacks, JSON.stringify(listed), 'destroyed', ''),
      );
      expect(error.code).toBe('NOT_IN_CUSTODY');
      expect(failures(error.body.details)).toEqual({
        [theirs[0] ?? '']: 'NOT_IN_CUSTODY',
        'NO-SUCH-PACK': 'PACK_NOT_FOUND',
      });
      expect(await statuses(mine)).toEqual(['active', 'active']);
    });

    it(`refuses more than ${String(MAX_PACKS_PER_TRANSACTION)} packs and containers in the list`, async () => {
      const many = Array.from({ length: MAX_PACKS_PER_TRANSACTION + 1 }, (_, i) =>
        pack(`X${String(i)}`),
      );
      expect(
        (await refusal(d.submit('pharmacy', Tx.DispensePacks, JSON.stringify(many)))).code,
      ).toBe('LIMIT_EXCEEDED');
      const delivered = await deliveredCase(1);
      const error = await refusal(
        d.submit('pharmacy', Tx.DispensePacks, JSON.stringify([container(delivered.sscc)])),
      );
      expect(error.code).toBe('INVALID_ARGUMENT');
    });

    it('verifies a list of codes read-only, each in the order sent, an unreadable one said so', async () => {
      const list = serials(1);
      await commission(d, list);
      await shipAndReceive(d, 'manufacturer', 'pharmacy', [pack(list[0] ?? '')]);
      const answers = await d.evaluate<ListedVerdict[]>(
        'pharmacy',
        Tx.VerifyPacks,
        JSON.stringify([code(list[0] ?? ''), code('NEVER-MADE'), 'not a code']),
      );
      expect(answers.map((answer) => answer.verdict?.verdict ?? answer.error?.code)).toEqual([
        'AUTHENTIC_ACTIVE',
        'DO_NOT_SUPPLY',
        'INVALID_CODE',
      ]);
    });
  });

  describe('verifying and dispensing a pack in one transaction', () => {
    it('records the verification as a scan and dispenses the pack, in one write', async () => {
      const list = serials(1);
      await commission(d, list);
      await shipAndReceive(d, 'manufacturer', 'pharmacy', [pack(list[0] ?? '')]);
      const before = await d.height();
      const recorder = await d.recordEvents();
      const answer = await d.submit<VerifiedDispense>(
        'pharmacy',
        Tx.VerifyAndDispense,
        code(list[0] ?? ''),
      );
      expect(await d.height()).toBe(before + 1);
      expect(answer.verdict).toBe('AUTHENTIC_ACTIVE');
      expect(answer.scan.alertId).toBeNull();
      expect(answer.dispensed).toMatchObject({
        status: 'inactive',
        decommission: { reason: 'dispensed', txId: answer.scan.txId },
      });
      const event = await recorder.ledgerEvent(answer.scan.txId);
      recorder.close();
      expect(event.type).toBe('PackDispensed');
      expect(event.epcis.map((fields) => fields.bizStep)).toEqual(['dispensing', 'inspecting']);
      const history = await d.evaluate<PackHistory>(
        'pharmacy',
        Tx.GetPackHistory,
        GTIN,
        list[0] ?? '',
      );
      expect(history.events.at(-1)).toMatchObject({ action: 'dispensed', txId: answer.scan.txId });
    });

    it('records a counterfeit code’s scan and its alert, and dispenses nothing', async () => {
      const answer = await d.submit<VerifiedDispense>(
        'pharmacy',
        Tx.VerifyAndDispense,
        code('NEVER-COMMISSIONED'),
      );
      expect(answer.verdict).toBe('DO_NOT_SUPPLY');
      expect(reasonCodes(answer)).toContain('UNKNOWN_SERIAL');
      expect(answer.scan.alertId).not.toBeNull();
      expect(answer.dispensed).toBeNull();
    });

    it('does not dispense a pack of a recalled batch (no alert: a recall is a status)', async () => {
      const list = serials(1);
      await commission(d, list, 'LOT-RECALL-2');
      await shipAndReceive(d, 'manufacturer', 'pharmacy', [pack(list[0] ?? '')]);
      await d.submit('regulator', Tx.RecallBatch, GTIN, 'LOT-RECALL-2', 'quality defect');
      const answer = await d.submit<VerifiedDispense>(
        'pharmacy',
        Tx.VerifyAndDispense,
        code(list[0] ?? '', 'LOT-RECALL-2'),
      );
      expect(reasonCodes(answer)).toEqual(['BATCH_RECALLED']);
      expect(answer.scan.alertId).toBeNull();
      expect(answer.dispensed).toBeNull();
      expect(await statuses(list)).toEqual(['active']);
    });

    it('refuses a pack still inside a case, writing nothing', async () => {
      const delivered = await deliveredCase(1);
      const error = await refusal(
        d.submit('pharmacy', Tx.VerifyAndDispense, code(delivered.serials[0] ?? '')),
      );
      expect(error.code).toBe('IN_CONTAINER');
      expect(await statuses(delivered.serials)).toEqual(['active']);
    });

    it('refuses anyone but a pharmacy', async () => {
      const error = await refusal(d.submit('distributor', Tx.VerifyAndDispense, code('ANY')));
      expect(error.code).toBe('ROLE_FORBIDDEN');
    });
  });
});
