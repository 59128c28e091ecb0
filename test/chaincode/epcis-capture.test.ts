import { Tx, type CapturedEvent, type LedgerEvent } from '@packtrace/chaincode/client';
import { GTIN, PARTIES } from '../support/demo-parties';
import { EXPIRY, LOT, commission, pack, registerProduct } from '../support/fixtures';
import { refusal, type ScenarioLedger } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';

const MINUTE = 60 * 1000;
const DAY = 24 * 60 * MINUTE;

/**
 * `epcis:CaptureEvent` as a trading partner's system reaches it through any gateway: an event id
 * names one event, and an event's time lies near the time the ledger records it. Times are
 * built from the ledger's own clock, so the suite holds on any day.
 */
describe('EPCIS capture on the ledger', () => {
  let d: ScenarioLedger;
  let n = 0;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
  });
  afterAll(async () => d.stop());

  const eventId = (): string => `urn:uuid:6c3a9c2e-6f1e-4f5e-9a44-${String(++n).padStart(12, '0')}`;
  const at = (offsetMs: number): string => new Date(d.now().getTime() + offsetMs).toISOString();
  const commissioning = (serials: string[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ gtin: GTIN, lot: LOT, expiry: EXPIRY, serials, ...extra });
  const capture = (id: string, time: string, args: string) =>
    d.submit<{ capture: CapturedEvent }>(
      'manufacturer',
      Tx.CaptureEvent,
      id,
      time,
      'commissioning',
      args,
    );
  const exists = async (serial: string): Promise<boolean> => {
    try {
      await d.evaluate('regulator', Tx.GetPack, GTIN, serial);
      return true;
    } catch {
      return false;
    }
  };

  describe('an event id names one event', () => {
    it('refuses another event under a captured id, and records nothing of it', async () => {
      const id = eventId();
      const time = at(-MINUTE);
      const first = await capture(id, time, commissioning(['C1']));
      expect(first.capture.contentDigest).toMatch(/^sha-256:[0-9a-f]{64}$/);
      const height = await d.height();
      const reused = await refusal(capture(id, time, commissioning(['C2'])));
      expect(reused.code).toBe('EVENT_ID_REUSED');
      expect(reused.body.details).toMatchObject({ eventId: id, txId: first.capture.txId });
      expect(reused.message).toContain(id);
      expect(await d.height()).toBe(height);
      expect(await exists('C2')).toBe(false);
    });

    it('tells the same event again from one with another time or another gateway digest', async () => {
      const id = eventId();
      const time = at(-MINUTE);
      const args = commissioning(['C3'], { eventDigest: 'sha-256:aa' });
      const first = await capture(id, time, args);
      const again = await refusal(capture(id, time, args));
      expect(again.code).toBe('EVENT_ALREADY_CAPTURED');
      expect(again.body.details).toMatchObject({ txId: first.capture.txId });
      // Key order is not content: the same arguments written otherwise are the same event.
      const reordered = JSON.stringify(
        Object.fromEntries(Object.entries(JSON.parse(args) as object).reverse()),
      );
      expect((await refusal(capture(id, time, reordered))).code).toBe('EVENT_ALREADY_CAPTURED');
      expect((await refusal(capture(id, at(-2 * MINUTE), args))).code).toBe('EVENT_ID_REUSED');
      const otherDigest = commissioning(['C3'], { eventDigest: 'sha-256:bb' });
      expect((await refusal(capture(id, time, otherDigest))).code).toBe('EVENT_ID_REUSED');
    });
  });

  describe('an event time lies near the time it is recorded', () => {
    it.each([
      ['year 9999', () => '9999-12-31T00:00:00Z', 'latest'],
      ['year 1', () => '0001-01-01T00:00:00Z', 'earliest'],
      ['61 minutes ahead of the ledger', () => at(61 * MINUTE), 'latest'],
      ['367 days before the ledger', () => at(-367 * DAY), 'earliest'],
    ])('refuses %s, naming the bound and the value', async (_name, time, bound) => {
      const height = await d.height();
      const eventTime = time();
      const refused = await refusal(capture(eventId(), eventTime, commissioning(['T0'])));
      expect(refused.code).toBe('EVENT_TIME_OUT_OF_RANGE');
      expect(refused.body.details).toMatchObject({ eventTime, bound });
      expect(refused.message).toContain(eventTime);
      expect(await d.height()).toBe(height);
      expect(await exists('T0')).toBe(false);
    });

    it('records an event up to a year before, or a clock’s drift after', async () => {
      await capture(eventId(), at(-365 * DAY), commissioning(['T1']));
      await capture(eventId(), at(50 * MINUTE), commissioning(['T2']));
      expect(await exists('T1')).toBe(true);
      expect(await exists('T2')).toBe(true);
    });

    // Each malformed in the ledger clock's own year, so none is also out of range.
    it.each([
      ['a zone beyond ±14:00', '-06-01T10:00:00+15:00'],
      ['a zone with 60 minutes', '-06-01T10:00:00+01:60'],
      ['31 February', '-02-31T10:00:00Z'],
      ['hour 24', '-06-01T24:00:00Z'],
      ['no zone', '-06-01T10:00:00'],
    ])('refuses %s as no time at all', async (_name, rest) => {
      const eventTime = `${d.now().getUTCFullYear()}${rest}`;
      const refused = await refusal(capture(eventId(), eventTime, commissioning(['T3'])));
      expect(refused.code).toBe('INVALID_ARGUMENT');
    });
  });
  describe('an observation is kept without acting on the ledger', () => {
    const observe = (id: string, event: object, items: object[], time = at(-MINUTE)) =>
      d.submit<{ capture: CapturedEvent; result: { observed: object } }>(
        'distributor',
        Tx.CaptureEvent,
        id,
        time,
        'observation',
        JSON.stringify({ event, items, eventDigest: 'sha-256:cc' }),
      );
    const inspection = {
      eventType: 'ObjectEvent',
      action: 'OBSERVE',
      bizStep: 'inspecting',
      epcList: [`https://id.gs1.org/01/${GTIN}/21/OBS1`, 'urn:epc:id:grai:9506000.12345.1'],
    };

    it('records it with its EPCIS fields, for its capturer and the holders of its packs', async () => {
      await commission(d, ['OBS1']);
      const recorder = await d.recordEvents();
      const id = eventId();
      const time = at(-MINUTE);
      const done = await observe(id, inspection, [pack('OBS1')], time);
      expect(done.capture).toMatchObject({ eventId: id, step: 'observation' });
      const event: LedgerEvent = await recorder.ledgerEvent(done.capture.txId);
      recorder.close();
      expect(event).toMatchObject({
        type: 'EventObserved',
        by: PARTIES.distributor.gln,
        captured: { eventId: id },
        epcis: [
          expect.objectContaining({
            ...inspection,
            disposition: '',
            readPoint: `https://id.gs1.org/414/${PARTIES.distributor.gln}`,
          }),
        ],
      });
      expect([...event.parties].sort()).toEqual(
        [PARTIES.distributor.gln, PARTIES.manufacturer.gln].sort(),
      );
      // Nothing the ledger acts on changed: the pack is where it was.
      const view = await d.evaluate<{ pack: { custodian: string; status: string } }>(
        'regulator',
        Tx.GetPack,
        GTIN,
        'OBS1',
      );
      expect(view.pack).toMatchObject({ custodian: PARTIES.manufacturer.gln, status: 'active' });
      expect((await refusal(observe(id, inspection, [pack('OBS1')], time))).code).toBe(
        'EVENT_ALREADY_CAPTURED',
      );
    });

    const transformation = {
      eventType: 'TransformationEvent',
      bizStep: 'repackaging',
      inputEPCList: [`https://id.gs1.org/01/${GTIN}/21/OBS2`],
      outputEPCList: [`https://id.gs1.org/01/${GTIN}/21/OBS3`],
      outputQuantityList: [{ epcClass: `https://id.gs1.org/01/${GTIN}/10/${LOT}`, quantity: 1 }],
      transformationID: 'urn:uuid:6c3a9c2e-6f1e-4f5e-9a44-ffffffffffff',
    };
    const association = {
      eventType: 'AssociationEvent',
      action: 'ADD',
      parentID: 'https://id.gs1.org/8004/9506000LOGGER1',
      childEPCs: [`https://id.gs1.org/01/${GTIN}/21/OBS2`],
      childQuantityList: [{ epcClass: `https://id.gs1.org/01/${GTIN}/10/${LOT}`, uom: 'KGM' }],
    };

    beforeAll(async () => commission(d, ['OBS2']));

    it.each([
      ['a TransformationEvent (which has no action)', transformation],
      ['an AssociationEvent', association],
    ])(
      'records %s with its fields, for its capturer and the holders of its packs',
      async (_what, observed) => {
        const recorder = await d.recordEvents();
        const done = await observe(eventId(), observed, [pack('OBS2'), pack('OBS3')]);
        const event: LedgerEvent = await recorder.ledgerEvent(done.capture.txId);
        recorder.close();
        expect(event).toMatchObject({
          type: 'EventObserved',
          epcis: [
            {
              ...observed,
              disposition: '',
              readPoint: `https://id.gs1.org/414/${PARTIES.distributor.gln}`,
            },
          ],
        });
        expect(event.epcis[0]?.action).toBe(
          observed.eventType === 'TransformationEvent' ? undefined : 'ADD',
        );
        // The output the ledger does not know is named, not looked for; no pack changed or made.
        expect([...event.parties].sort()).toEqual(
          [PARTIES.distributor.gln, PARTIES.manufacturer.gln].sort(),
        );
        expect(await exists('OBS3')).toBe(false);
        const view = await d.evaluate<{ pack: { custodian: string; status: string } }>(
          'regulator',
          Tx.GetPack,
          GTIN,
          'OBS2',
        );
        expect(view.pack).toMatchObject({ custodian: PARTIES.manufacturer.gln, status: 'active' });
      },
    );

    it.each([
      ['a field of another type', { ...inspection, inputEPCList: inspection.epcList }, 'no input'],
      ['a transformation with an action', { ...transformation, action: 'ADD' }, 'no action'],
      [
        'a transformation of inputs alone, without a transformationID',
        {
          ...transformation,
          outputEPCList: [],
          outputQuantityList: [],
          transformationID: undefined,
        },
        'inputs and its outputs',
      ],
      [
        'a quantity that is no number',
        { ...transformation, inputQuantityList: [{ epcClass: 'x', quantity: '2' }] },
        'inputQuantityList[0].quantity',
      ],
      ['an association without an action', { ...association, action: undefined }, 'action'],
      ['an association without a parent', { ...association, parentID: undefined }, 'parentID'],
      [
        'an association adding no children',
        { ...association, childEPCs: [], childQuantityList: undefined },
        'childEPCs or childQuantityList',
      ],
      [
        'a unit that is no UN/CEFACT code',
        { ...association, childQuantityList: [{ epcClass: 'x', uom: 'kilogram' }] },
        'childQuantityList[0].uom',
      ],
    ])('refuses %s, writing nothing', async (_what, event, reason) => {
      const height = await d.height();
      const refused = await refusal(observe(eventId(), event, []));
      expect(refused.code).toBe('INVALID_ARGUMENT');
      expect(refused.message).toContain(reason);
      expect(await d.height()).toBe(height);
    });

    it('refuses fields of the wrong shape, writing nothing', async () => {
      const height = await d.height();
      for (const event of [
        { ...inspection, eventType: 'TransformationEvent' },
        { ...inspection, action: 'JUMP' },
        { ...inspection, epcList: 'not a list' },
        { ...inspection, sourceList: [{ type: 'owning_party' }] },
      ]) {
        expect((await refusal(observe(eventId(), event, []))).code).toBe('INVALID_ARGUMENT');
      }
      expect(await d.height()).toBe(height);
    });
  });
});
