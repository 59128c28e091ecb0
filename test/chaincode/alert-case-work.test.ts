import {
  Tx,
  type Alert,
  type IllegitimateNotice,
  type Pack,
  type PackHistory,
} from '@packtrace/chaincode/client';
import { CASE_PARTY, caseIn, digest, step } from '../support/alert-cases';
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
import { refusal, type ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';

/** The pack history's lines of one alert's case. */
async function caseLines(d: ScenarioLedger, serial: string, alertId: string) {
  const history = await d.evaluate<PackHistory>('regulator', Tx.GetPackHistory, GTIN, serial);
  return history.events.filter(
    (entry) => entry.alert === alertId && entry.action.startsWith('alert_'),
  );
}

describe('working an alert case', () => {
  let d: ScenarioLedger;

  beforeEach(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7']);
    // W1 at the pharmacy (manufacturer → distributor → pharmacy); W2-W7 at the distributor.
    await shipAndReceive(
      d,
      'manufacturer',
      'distributor',
      ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7'].map(pack),
    );
    await shipAndReceive(d, 'distributor', 'pharmacy', [pack('W1')]);
  });
  afterEach(async () => d.stop());

  describe('notes and evidence', () => {
    it('records each step’s note and evidence in the timeline and in the pack’s provenance', async () => {
      const alert = await caseIn(d, 'new', 'W1');
      const evidence = [digest('a'), digest('b')];
      const taken = await step(d, 'manufacturer', alert.id, 'acknowledge', {
        note: 'our codes: checking the print run',
        evidence,
      });
      expect(taken.timeline.map((entry) => entry.step)).toEqual(['raise', 'acknowledge']);
      expect(taken.timeline[1]).toMatchObject({
        note: 'our codes: checking the print run',
        evidence,
        by: PARTIES.manufacturer.gln,
        as: ['manufacturer'],
      });
      const lines = await caseLines(d, 'W1', alert.id);
      expect(lines.map((line) => line.action)).toEqual(['alert_acknowledge']);
      expect(lines[0]?.note).toContain('our codes: checking the print run');
      expect(lines[0]?.note).toContain(digest('a'));
    });

    it('takes a note of 1,000 characters and refuses one of 1,001, changing nothing', async () => {
      const alert = await caseIn(d, 'new', 'W1');
      const long = await refusal(
        step(d, 'regulator', alert.id, 'acknowledge', { note: 'x'.repeat(1001) }),
      );
      expect(long.code).toBe('INVALID_ARGUMENT');
      expect(long.message).toContain('at most 1000 characters');
      expect((await d.evaluate<Alert>('regulator', Tx.GetAlert, alert.id)).state).toBe('new');
      const taken = await step(d, 'regulator', alert.id, 'acknowledge', { note: 'x'.repeat(1000) });
      expect(taken.state).toBe('active');
    });

    it('refuses an empty note', async () => {
      const alert = await caseIn(d, 'new', 'W1');
      const error = await refusal(step(d, 'regulator', alert.id, 'acknowledge', { note: ' ' }));
      expect(error.code).toBe('INVALID_ARGUMENT');
    });

    it('refuses more than 10 evidence digests, a digest that is not SHA-256 hex, and a repeated one', async () => {
      const alert = await caseIn(d, 'new', 'W1');
      const eleven = '0123456789a'.split('').map(digest);
      expect(
        (await refusal(step(d, 'regulator', alert.id, 'acknowledge', { evidence: eleven }))).code,
      ).toBe('LIMIT_EXCEEDED');
      expect(
        (await refusal(step(d, 'regulator', alert.id, 'acknowledge', { evidence: ['ABC'] }))).code,
      ).toBe('INVALID_ARGUMENT');
      expect(
        (
          await refusal(
            step(d, 'regulator', alert.id, 'acknowledge', { evidence: [digest('c'), digest('c')] }),
          )
        ).code,
      ).toBe('INVALID_ARGUMENT');
      expect(
        (
          await refusal(
            d.submit('regulator', Tx.TakeAlertStep, alert.id, 'acknowledge', '', 'n', '{"a":1}'),
          )
        ).code,
      ).toBe('INVALID_ARGUMENT');
      const ten = '0123456789'.split('').map(digest);
      expect(
        (await step(d, 'regulator', alert.id, 'acknowledge', { evidence: ten })).timeline[1]
          ?.evidence,
      ).toEqual(ten);
    });
  });

  describe('root causes', () => {
    it('refuses to close without a root cause, and a root cause on any other step', async () => {
      const alert = await caseIn(d, 'active', 'W1');
      expect((await refusal(step(d, 'regulator', alert.id, 'close'))).code).toBe(
        'ROOT_CAUSE_REQUIRED',
      );
      expect(
        (
          await refusal(
            step(d, 'regulator', alert.id, 'investigate', { rootCause: 'software_error' }),
          )
        ).code,
      ).toBe('INVALID_ARGUMENT');
      expect(
        (await refusal(step(d, 'regulator', alert.id, 'close', { rootCause: 'bad_luck' }))).code,
      ).toBe('INVALID_ARGUMENT');
      expect((await refusal(step(d, 'regulator', alert.id, 'reopen'))).code).toBe(
        'INVALID_ARGUMENT',
      );
      expect((await d.evaluate<Alert>('regulator', Tx.GetAlert, alert.id)).state).toBe('active');
    });

    it('leaves falsification to the regulator and lets the raiser close only its own scanning error', async () => {
      const alert = await caseIn(d, 'active', 'W1');
      for (const cause of ['suspected_falsification', 'confirmed_falsification']) {
        const error = await refusal(
          step(d, 'manufacturer', alert.id, 'close', { rootCause: cause }),
        );
        expect(error.code).toBe('ROOT_CAUSE_NOT_PERMITTED');
      }
      const raiser = await refusal(
        step(d, CASE_PARTY.raiser, alert.id, 'close', { rootCause: 'software_error' }),
      );
      expect(raiser.code).toBe('ROOT_CAUSE_NOT_PERMITTED');
      const closed = await step(d, 'manufacturer', alert.id, 'close', {
        rootCause: 'manufacturer_data_error_not_fixed',
      });
      expect(closed).toMatchObject({
        state: 'closed',
        status: 'cleared',
        rootCause: 'manufacturer_data_error_not_fixed',
      });
    });

    it('returns a quarantined pack to circulation when closed on a cause other than falsification', async () => {
      const alert = await d.submit<Alert>('pharmacy', Tx.FlagPack, GTIN, 'W1', 'seal broken');
      expect(reasonCodes(await verify(d, 'pharmacy', code('W1')))).toEqual(['UNDER_INVESTIGATION']);
      await step(d, 'regulator', alert.id, 'close', { rootCause: 'user_or_scanning_error' });
      expect((await verify(d, 'pharmacy', code('W1'))).verdict).toBe('AUTHENTIC_ACTIVE');
    });

    it('keeps a suspected falsification out of circulation without a notice', async () => {
      const alert = await d.submit<Alert>('pharmacy', Tx.FlagPack, GTIN, 'W1', 'seal broken');
      const closed = await step(d, 'regulator', alert.id, 'close', {
        rootCause: 'suspected_falsification',
      });
      expect(closed.status).toBe('confirmed');
      expect(reasonCodes(await verify(d, 'pharmacy', code('W1')))).toEqual(['ILLEGITIMATE']);
      expect(
        (await refusal(d.evaluate('regulator', Tx.GetIllegitimateNotice, alert.id))).code,
      ).toBe('NOTICE_NOT_FOUND');
    });
  });

  describe('who sees a case', () => {
    it('shows the manufacturer the alerts about its packs, and no other manufacturer', async () => {
      const alert = await caseIn(d, 'new', 'W1');
      expect(alert.manufacturers).toEqual([PARTIES.manufacturer.gln]);
      expect((await d.evaluate<Alert>('manufacturer', Tx.GetAlert, alert.id)).id).toBe(alert.id);
      const listed = await d.evaluate<{ items: Alert[] }>(
        'manufacturer',
        Tx.ListAlerts,
        'product',
        '',
        '',
        '',
        '',
        '',
      );
      expect(listed.items.map((a) => a.id)).toEqual([alert.id]);
      expect((await refusal(d.evaluate('manufacturer2', Tx.GetAlert, alert.id))).code).toBe(
        'NOT_PERMITTED',
      );
      const other = await d.evaluate<{ items: Alert[] }>(
        'manufacturer2',
        Tx.ListAlerts,
        'product',
        '',
        '',
        '',
        '',
        '',
      );
      expect(other.items).toEqual([]);
      expect(
        (
          await refusal(
            d.evaluate('manufacturer', Tx.ListAlerts, 'product', 'open', '', '', '', ''),
          )
        ).code,
      ).toBe('INVALID_ARGUMENT');
    });

    it('shows the holder and the raiser theirs, and refuses a former holder', async () => {
      const alert = await caseIn(d, 'new', 'W1');
      const stock = await d.evaluate<{ items: Alert[] }>(
        'pharmacy',
        Tx.ListAlerts,
        'stock',
        '',
        '',
        '',
        '',
        '',
      );
      expect(stock.items.map((a) => a.id)).toEqual([alert.id]);
      const raised = await d.evaluate<{ items: Alert[] }>(
        CASE_PARTY.raiser,
        Tx.ListAlerts,
        'raised',
        '',
        '',
        '',
        '',
        '',
      );
      expect(raised.items.map((a) => a.id)).toEqual([alert.id]);
      expect((await refusal(d.evaluate('distributor', Tx.GetAlert, alert.id))).code).toBe(
        'NOT_PERMITTED',
      );
    });

    it('refuses a step on an alert that does not exist', async () => {
      expect((await refusal(step(d, 'regulator', 'f'.repeat(64), 'acknowledge'))).code).toBe(
        'ALERT_NOT_FOUND',
      );
    });
  });

  describe('confirmation and its illegitimate-product notice', () => {
    it('notifies the regulator and the partners either side of the holder, due 24 hours after confirmation', async () => {
      // W2 at the distributor (from the manufacturer); pharmacy2 flags it; it then goes to the pharmacy.
      const alert = await d.submit<Alert>(CASE_PARTY.raiser, Tx.FlagPack, GTIN, 'W2', 'clone seen');
      await shipAndReceive(d, 'distributor', 'pharmacy', [pack('W2')]);
      await step(d, 'regulator', alert.id, 'acknowledge');
      await step(d, 'distributor', alert.id, 'investigate');
      await step(d, 'distributor', alert.id, 'escalate');
      const closed = await step(d, 'regulator', alert.id, 'close', {
        rootCause: 'confirmed_falsification',
        note: 'lab analysis: no active ingredient',
        evidence: [digest('d')],
      });
      expect(closed).toMatchObject({
        state: 'closed',
        status: 'confirmed',
        rootCause: 'confirmed_falsification',
      });
      const notice = await d.evaluate<IllegitimateNotice>(
        'pharmacy',
        Tx.GetIllegitimateNotice,
        alert.id,
      );
      expect(notice).toMatchObject({
        alertId: alert.id,
        status: 'sent',
        product: { gtin: GTIN, name: 'Paracetamol 500 mg' },
        lots: ['LOT-42A'],
        serials: ['W2'],
        quantity: { packs: 1, containers: 0 },
        howFound: { kind: 'flag', note: 'clone seen', raisedBy: PARTIES.pharmacy2.gln },
        confirmedBy: PARTIES.regulator.gln,
        termination: null,
      });
      expect(notice.parties).toEqual(
        expect.arrayContaining([
          { gln: PARTIES.distributor.gln, capacity: 'holder' },
          { gln: PARTIES.manufacturer.gln, capacity: 'supplier' },
          { gln: PARTIES.pharmacy.gln, capacity: 'customer' },
          { gln: PARTIES.regulator.gln, capacity: 'regulator' },
        ]),
      );
      expect([...notice.addressees].sort()).toEqual(
        [PARTIES.regulator.gln, PARTIES.manufacturer.gln, PARTIES.pharmacy.gln].sort(),
      );
      expect(notice.sentAt).toBe(notice.confirmedAt);
      expect(Date.parse(notice.dueAt) - Date.parse(notice.confirmedAt)).toBe(24 * 60 * 60 * 1000);
      expect(notice.confirmedAt).toBe(closed.timeline.at(-1)?.at);
      expect(
        (await refusal(d.evaluate('manufacturer2', Tx.GetIllegitimateNotice, alert.id))).code,
      ).toBe('NOT_PERMITTED');
      const pharmacyPack = await d.evaluate<{ pack: Pack }>('pharmacy', Tx.GetPack, GTIN, 'W2');
      expect(pharmacyPack.pack.serial).toBe('W2');
    });

    it('is terminated once, by the manufacturer or the regulator, and the termination joins the timeline', async () => {
      const alert = await d.submit<Alert>('pharmacy', Tx.FlagPack, GTIN, 'W1', 'wrong font');
      await step(d, 'regulator', alert.id, 'close', { rootCause: 'confirmed_falsification' });
      expect(reasonCodes(await verify(d, 'pharmacy', code('W1')))).toEqual(['ILLEGITIMATE']);
      expect(
        (await refusal(d.submit('pharmacy', Tx.TerminateIllegitimateNotice, alert.id, 'done')))
          .code,
      ).toBe('ROLE_FORBIDDEN');
      expect(
        (await refusal(d.submit('manufacturer2', Tx.TerminateIllegitimateNotice, alert.id, 'done')))
          .code,
      ).toBe('NOT_PERMITTED');
      const terminated = await d.submit<IllegitimateNotice>(
        'manufacturer',
        Tx.TerminateIllegitimateNotice,
        alert.id,
        'stock destroyed, FDA consulted',
      );
      expect(terminated).toMatchObject({
        status: 'terminated',
        termination: { by: PARTIES.manufacturer.gln, note: 'stock destroyed, FDA consulted' },
      });
      expect(
        (await refusal(d.submit('regulator', Tx.TerminateIllegitimateNotice, alert.id, 'again')))
          .code,
      ).toBe('NOTICE_TERMINATED');
      const read = await d.evaluate<Alert>('regulator', Tx.GetAlert, alert.id);
      expect(read.timeline.at(-1)).toMatchObject({
        step: 'terminate_notice',
        by: PARTIES.manufacturer.gln,
      });
    });

    it('has no notice for a case not confirmed as falsified', async () => {
      const alert = await caseIn(d, 'closed', 'W1');
      expect(
        (await refusal(d.evaluate('regulator', Tx.GetIllegitimateNotice, alert.id))).code,
      ).toBe('NOTICE_NOT_FOUND');
      expect(
        (await refusal(d.submit('regulator', Tx.TerminateIllegitimateNotice, alert.id, 'x'))).code,
      ).toBe('NOTICE_NOT_FOUND');
    });

    it('also sends the notice when the regulator confirms through ResolveAlert', async () => {
      const alert = await caseIn(d, 'new', 'W1');
      const resolved = await d.submit<Alert>(
        'regulator',
        Tx.ResolveAlert,
        alert.id,
        'confirmed',
        'clone',
      );
      expect(resolved).toMatchObject({ state: 'closed', rootCause: 'confirmed_falsification' });
      expect(resolved.timeline.at(-1)).toMatchObject({
        step: 'resolve',
        from: 'new',
        to: 'closed',
      });
      const notice = await d.evaluate<IllegitimateNotice>(
        'regulator',
        Tx.GetIllegitimateNotice,
        alert.id,
      );
      expect(notice.serials).toEqual(['W1']);
    });
  });

  describe('verifying more packs of the lot', () => {
    async function investigated(): Promise<Alert> {
      return caseIn(d, 'under_investigation', 'W1');
    }

    it('asks a party for at least three packs and completes with their verdicts', async () => {
      await commission(d, ['V1'], 'LOT-9');
      const alert = await investigated();
      expect(
        (
          await refusal(
            d.submit(
              'manufacturer',
              Tx.RequestLotVerification,
              alert.id,
              PARTIES.distributor.gln,
              '2',
              'check',
            ),
          )
        ).code,
      ).toBe('INVALID_ARGUMENT');
      const asked = await d.submit<Alert>(
        'manufacturer',
        Tx.RequestLotVerification,
        alert.id,
        PARTIES.distributor.gln,
        '3',
        'verify three of your packs of this lot',
      );
      const request = asked.verificationRequests[0];
      expect(request).toMatchObject({
        requestedBy: PARTIES.manufacturer.gln,
        requestedOf: PARTIES.distributor.gln,
        gtin: GTIN,
        lot: 'LOT-42A',
        count: 3,
        status: 'open',
        results: [],
      });
      expect(asked.timeline.at(-1)?.step).toBe('request_verification');
      // The asked party, no party to the case before, now reads it and finds it in its stock's.
      expect((await d.evaluate<Alert>('distributor', Tx.GetAlert, alert.id)).id).toBe(alert.id);
      const stock = await d.evaluate<{ items: Alert[] }>(
        'distributor',
        Tx.ListAlerts,
        'stock',
        '',
        '',
        '',
        '',
        '',
      );
      expect(stock.items.map((a) => a.id)).toContain(alert.id);
      expect((await refusal(step(d, 'distributor', alert.id, 'escalate'))).code).toBe(
        'NOT_PERMITTED',
      );
      const id = request?.id ?? '';
      await d.submit('distributor', Tx.RecordRequestedVerification, alert.id, id, code('W3'));
      expect(
        (
          await refusal(
            d.submit('distributor', Tx.RecordRequestedVerification, alert.id, id, code('W3')),
          )
        ).code,
      ).toBe('DUPLICATE_ITEM');
      expect(
        (
          await refusal(
            d.submit('pharmacy', Tx.RecordRequestedVerification, alert.id, id, code('W1')),
          )
        ).code,
      ).toBe('NOT_PERMITTED');
      expect(
        (
          await refusal(
            d.submit(
              'distributor',
              Tx.RecordRequestedVerification,
              alert.id,
              id,
              code('V1', 'LOT-9'),
            ),
          )
        ).code,
      ).toBe('PACK_NOT_REQUESTED');
      await d.submit('distributor', Tx.RecordRequestedVerification, alert.id, id, code('W4'));
      const done = await d.submit<Alert>(
        'distributor',
        Tx.RecordRequestedVerification,
        alert.id,
        id,
        code('W5'),
      );
      expect(done.verificationRequests[0]).toMatchObject({ status: 'complete' });
      expect(done.verificationRequests[0]?.results.map((r) => [r.serial, r.verdict])).toEqual([
        ['W3', 'AUTHENTIC_ACTIVE'],
        ['W4', 'AUTHENTIC_ACTIVE'],
        ['W5', 'AUTHENTIC_ACTIVE'],
      ]);
      expect(
        (
          await refusal(
            d.submit('distributor', Tx.RecordRequestedVerification, alert.id, id, code('W6')),
          )
        ).code,
      ).toBe('VERIFICATION_REQUEST_COMPLETE');
      expect(
        (
          await refusal(
            d.submit(
              'distributor',
              Tx.RecordRequestedVerification,
              alert.id,
              'e'.repeat(64),
              code('W6'),
            ),
          )
        ).code,
      ).toBe('VERIFICATION_REQUEST_NOT_FOUND');
    });

    it('is refused to a manufacturer that is a party only as the raiser, and of a party not registered', async () => {
      const raised = await d.submit<Alert>('manufacturer2', Tx.FlagPack, GTIN, 'W1', 'looks odd');
      await step(d, 'regulator', raised.id, 'acknowledge');
      await step(d, 'regulator', raised.id, 'investigate');
      const asRaiser = await refusal(
        d.submit(
          'manufacturer2',
          Tx.RequestLotVerification,
          raised.id,
          PARTIES.distributor.gln,
          '3',
          'n',
        ),
      );
      expect(asRaiser.code).toBe('CASE_STEP_NOT_PERMITTED');
      const unknown = await refusal(
        d.submit('regulator', Tx.RequestLotVerification, raised.id, '9506000000992', '3', 'n'),
      );
      expect(unknown.code).toBe('PARTY_NOT_FOUND');
      const badGln = await refusal(
        d.submit('regulator', Tx.RequestLotVerification, raised.id, '123', '3', 'n'),
      );
      expect(badGln.code).toBe('INVALID_CODE');
      expect(
        (await d.evaluate<Alert>('regulator', Tx.GetAlert, raised.id)).verificationRequests,
      ).toEqual([]);
    });

    it('has no lot to verify when the alert concerns no pack on the ledger', async () => {
      const unknown = await d.submit<Alert>(
        'pharmacy',
        Tx.FlagPack,
        GTIN,
        'NEVER-MADE',
        'no such pack',
      );
      await step(d, 'regulator', unknown.id, 'acknowledge');
      await step(d, 'regulator', unknown.id, 'investigate');
      const error = await refusal(
        d.submit(
          'regulator',
          Tx.RequestLotVerification,
          unknown.id,
          PARTIES.distributor.gln,
          '3',
          'n',
        ),
      );
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toContain('no pack on the ledger');
    });

    it('refuses a code that is not a GS1 pack code, and a 21st request on one case', async () => {
      const alert = await investigated();
      const asked = await d.submit<Alert>(
        'regulator',
        Tx.RequestLotVerification,
        alert.id,
        PARTIES.distributor.gln,
        '3',
        'first',
      );
      const id = asked.verificationRequests[0]?.id ?? '';
      expect(
        (
          await refusal(
            d.submit('distributor', Tx.RecordRequestedVerification, alert.id, id, 'not a code'),
          )
        ).code,
      ).toBe('INVALID_CODE');
      for (let i = 1; i < 20; i += 1) {
        await d.submit(
          'regulator',
          Tx.RequestLotVerification,
          alert.id,
          PARTIES.distributor.gln,
          '3',
          `request ${i}`,
        );
      }
      const full = await refusal(
        d.submit(
          'regulator',
          Tx.RequestLotVerification,
          alert.id,
          PARTIES.distributor.gln,
          '3',
          'one more',
        ),
      );
      expect(full.code).toBe('LIMIT_EXCEEDED');
      expect(
        (await d.evaluate<Alert>('regulator', Tx.GetAlert, alert.id)).verificationRequests,
      ).toHaveLength(20);
    });

    it('is asked only during an investigation, by the manufacturer or the regulator, of a trading party', async () => {
      const fresh = await caseIn(d, 'active', 'W1');
      expect(
        (
          await refusal(
            d.submit(
              'regulator',
              Tx.RequestLotVerification,
              fresh.id,
              PARTIES.distributor.gln,
              '3',
              'n',
            ),
          )
        ).code,
      ).toBe('CASE_STEP_OUT_OF_ORDER');
      const alert = await investigated();
      expect(
        (
          await refusal(
            d.submit(
              'manufacturer2',
              Tx.RequestLotVerification,
              alert.id,
              PARTIES.distributor.gln,
              '3',
              'n',
            ),
          )
        ).code,
      ).toBe('NOT_PERMITTED');
      expect(
        (
          await refusal(
            d.submit(
              'pharmacy',
              Tx.RequestLotVerification,
              alert.id,
              PARTIES.distributor.gln,
              '3',
              'n',
            ),
          )
        ).code,
      ).toBe('ROLE_FORBIDDEN');
      expect(
        (
          await refusal(
            d.submit(
              'regulator',
              Tx.RequestLotVerification,
              alert.id,
              PARTIES.regulator.gln,
              '3',
              'n',
            ),
          )
        ).code,
      ).toBe('INVALID_ARGUMENT');
      expect(
        (
          await refusal(
            d.submit(
              'regulator',
              Tx.RequestLotVerification,
              alert.id,
              PARTIES.distributor.gln,
              '501',
              'n',
            ),
          )
        ).code,
      ).toBe('LIMIT_EXCEEDED');
      const closed = await caseIn(d, 'closed', 'W1');
      expect(
        (
          await refusal(
            d.submit(
              'regulator',
              Tx.RequestLotVerification,
              closed.id,
              PARTIES.distributor.gln,
              '3',
              'n',
            ),
          )
        ).code,
      ).toBe('ALERT_RESOLVED');
      expect(
        (await d.evaluate<Alert>('regulator', Tx.GetAlert, alert.id)).verificationRequests,
      ).toEqual([]);
    });
  });
});
