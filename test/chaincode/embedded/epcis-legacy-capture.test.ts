import { Tx, type CapturedEvent } from '@packtrace/chaincode/client';
import type { Endorsement } from '@packtrace/embedded-ledger';
import { GTIN } from '../../support/demo-parties';
import { startEmbeddedScenario, type EmbeddedScenario } from '../../support/embedded-scenario';
import { EXPIRY, LOT, registerProduct } from '../../support/fixtures';
import { refusal } from '../../support/scenario-ledger';

/** The same endorsement with its capture record as written before digests were kept. */
function withoutContentDigest(endorsement: Endorsement): Endorsement {
  const writes = new Map(endorsement.readWriteSet.writes);
  const [key, value] =
    [...writes].find(([candidate]) => candidate.startsWith('\u0000epcis-capture\u0000')) ?? [];
  if (key === undefined || value === undefined || value === null) {
    throw new Error('the endorsement wrote no capture record');
  }
  const record = JSON.parse(value.toString('utf8')) as CapturedEvent;
  const legacy = Object.fromEntries(
    Object.entries(record).filter(([field]) => field !== 'contentDigest'),
  );
  writes.set(key, Buffer.from(JSON.stringify(legacy), 'utf8'));
  return { ...endorsement, readWriteSet: { ...endorsement.readWriteSet, writes } };
}

describe('an event captured before the ledger kept content digests', () => {
  let d: EmbeddedScenario;
  const ID = 'urn:uuid:0b5c1a52-2f0e-4c55-8a41-000000000001';
  let time: string;

  const capture = (eventTime: string, step: string, args: object) =>
    d.submit('manufacturer', Tx.CaptureEvent, ID, eventTime, step, JSON.stringify(args));
  const commissioning = (serial: string) => ({
    gtin: GTIN,
    lot: LOT,
    expiry: EXPIRY,
    serials: [serial],
  });

  beforeAll(async () => {
    d = await startEmbeddedScenario();
    await registerProduct(d);
    time = new Date(d.now().getTime() - 60_000).toISOString();
    const endorsement = await d.engine.endorse(d.identities.manufacturer, Tx.CaptureEvent.name, [
      ID,
      time,
      'commissioning',
      JSON.stringify(commissioning('OLD1')),
    ]);
    await d.engine.commit(withoutContentDigest(endorsement));
  });
  afterAll(async () => d.stop());

  it('counts as the same event when posted with its step and time, as before', async () => {
    expect((await refusal(capture(time, 'commissioning', commissioning('OLD1')))).code).toBe(
      'EVENT_ALREADY_CAPTURED',
    );
  });

  it('is another event under its id when its time or step differs', async () => {
    const later = new Date(Date.parse(time) + 1000).toISOString();
    expect((await refusal(capture(later, 'commissioning', commissioning('OLD1')))).code).toBe(
      'EVENT_ID_REUSED',
    );
    expect(
      (
        await refusal(
          capture(time, 'dispensing', { packs: [{ type: 'pack', gtin: GTIN, serial: 'OLD1' }] }),
        )
      ).code,
    ).toBe('EVENT_ID_REUSED');
  });
});
