import type { Alert } from '@packtrace/chaincode/client';
import type { EventRecorder, ScenarioLedger } from '../support/scenario-ledger';
import { refusal } from '../support/scenario-ledger';
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

/**
 * An alert about stock another party holds: the holder is told at once and may read it. A scan
 * that finds the code outside its custody chain freezes the pack (the ledger's own evidence); a
 * flag, an opinion, freezes only the caller's own stock (or any, by the regulator).
 */
describe('alerts about another party’s stock', () => {
  let d: ScenarioLedger;
  let recorder: EventRecorder;

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['H1', 'H2', 'H3']);
    await shipAndReceive(d, 'manufacturer', 'distributor', [pack('H1'), pack('H2'), pack('H3')]);
    recorder = await d.recordEvents();
  });
  afterAll(async () => {
    recorder.close();
    await d.stop();
  });

  it('tells the holder at once when a scan elsewhere freezes its pack, and lets it read the alert', async () => {
    const scan = await d.submit<{ scan: { txId: string; alertId: string } }>(
      'pharmacy',
      'verification:RecordScan',
      code('H1'),
    );
    const event = await recorder.ledgerEvent(scan.scan.txId);
    expect(event.type).toBe('AlertRaised');
    expect(event.parties).toContain(PARTIES.distributor.gln);
    const alert = await d.evaluate<Alert>('distributor', 'alerts:GetAlert', scan.scan.alertId);
    expect(alert).toMatchObject({
      reasons: ['NOT_IN_CUSTODY'],
      quarantined: [pack('H1')],
      custodians: [PARTIES.distributor.gln],
    });
    expect(reasonCodes(await verify(d, 'distributor', code('H1')))).toEqual([
      'UNDER_INVESTIGATION',
    ]);
    // A party with no stake in the pack still may not read it.
    expect(
      (await refusal(d.evaluate('manufacturer', 'alerts:GetAlert', scan.scan.alertId))).code,
    ).toBe('NOT_PERMITTED');

    const resolved = await d.submit<Alert>(
      'regulator',
      'alerts:ResolveAlert',
      alert.id,
      'cleared',
      'the pharmacy scanned a display copy',
    );
    const resolution = await recorder.ledgerEvent(resolved.resolution?.txId ?? '');
    expect(resolution.parties).toContain(PARTIES.distributor.gln);
  });

  it('does not let an outsider’s flag freeze stock it does not hold, but alerts the regulator and the holder', async () => {
    const alert = await d.submit<Alert>('pharmacy', 'alerts:FlagPack', GTIN, 'H2', 'seen online');
    expect(alert).toMatchObject({
      kind: 'flag',
      status: 'open',
      quarantined: [],
      custodians: [PARTIES.distributor.gln],
    });
    expect((await verify(d, 'distributor', code('H2'))).verdict).toBe('AUTHENTIC_ACTIVE');
    expect((await recorder.ledgerEvent(alert.txId)).parties).toContain(PARTIES.distributor.gln);
    expect(await d.evaluate<Alert>('distributor', 'alerts:GetAlert', alert.id)).toMatchObject({
      id: alert.id,
    });
    const open = await d.evaluate<{ items: Alert[] }>(
      'regulator',
      'alerts:ListAlerts',
      '',
      'open',
      '',
      '',
      '',
      '',
    );
    expect(open.items.map((a) => a.id)).toContain(alert.id);
  });

  it('lets the holder’s own flag, or the regulator’s, freeze the pack', async () => {
    const own = await d.submit<Alert>('distributor', 'alerts:FlagPack', GTIN, 'H2', 'torn seal');
    expect(own.quarantined).toEqual([pack('H2')]);
    const regulator = await d.submit<Alert>('regulator', 'alerts:FlagPack', GTIN, 'H3', 'tip-off');
    expect(regulator).toMatchObject({
      quarantined: [pack('H3')],
      custodians: [PARTIES.distributor.gln],
    });
    expect(reasonCodes(await verify(d, 'distributor', code('H3')))).toEqual([
      'UNDER_INVESTIGATION',
    ]);
  });
});
