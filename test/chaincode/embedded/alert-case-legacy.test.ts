import { Tx, type Alert, type IllegitimateNotice } from '@packtrace/chaincode/client';
import type { Endorsement } from '@packtrace/embedded-ledger';
import { GTIN, PARTIES } from '../../support/demo-parties';
import { startEmbeddedScenario, type EmbeddedScenario } from '../../support/embedded-scenario';
import { commission, pack, registerProduct, shipAndReceive } from '../../support/fixtures';
import { refusal } from '../../support/scenario-ledger';

/** The fields alerts gained when they became cases (issue 25). */
const CASE_FIELDS = ['state', 'rootCause', 'manufacturers', 'timeline', 'verificationRequests'];

/** The endorsement as the chaincode before cases wrote it: the alert without its case fields. */
function asBeforeCases(endorsement: Endorsement): Endorsement {
  const writes = new Map(
    [...endorsement.readWriteSet.writes].flatMap(([key, value]): [string, Buffer | null][] => {
      if (
        key.startsWith('\u0000alert-manufacturer\u0000') ||
        key.startsWith('\u0000illegitimate-notice\u0000')
      ) {
        return [];
      }
      if (!key.startsWith('\u0000alert\u0000') || value === null) {
        return [[key, value]];
      }
      const record = JSON.parse(value.toString('utf8')) as Record<string, unknown>;
      for (const name of CASE_FIELDS) {
        delete record[name];
      }
      return [[key, Buffer.from(JSON.stringify(record))]];
    }),
  );
  return { ...endorsement, readWriteSet: { ...endorsement.readWriteSet, writes } };
}

describe('alerts recorded before alerts were cases', () => {
  let d: EmbeddedScenario;

  const olderFlag = async (serial: string): Promise<string> => {
    const endorsement = await d.engine.endorse(d.identities['pharmacy2'], Tx.FlagPack.name, [
      GTIN,
      serial,
      'raised before cases',
    ]);
    await d.engine.commit(asBeforeCases(endorsement));
    return endorsement.txId;
  };

  beforeAll(async () => {
    d = await startEmbeddedScenario();
    await registerProduct(d);
    await commission(d, ['L1', 'L2', 'L3']);
    await shipAndReceive(d, 'manufacturer', 'pharmacy', [pack('L1'), pack('L2'), pack('L3')]);
  });
  afterAll(async () => d.stop());

  it('reads an open one as a new case of its product’s manufacturer, which may take it up', async () => {
    const id = await olderFlag('L1');
    const read = await d.evaluate<Alert>('manufacturer', Tx.GetAlert, id);
    expect(read).toMatchObject({
      status: 'open',
      state: 'new',
      rootCause: null,
      manufacturers: [PARTIES.manufacturer.gln],
      verificationRequests: [],
    });
    expect(read.timeline).toEqual([
      expect.objectContaining({ step: 'raise', to: 'new', by: PARTIES.pharmacy2.gln }),
    ]);
    const taken = await d.submit<Alert>(
      'manufacturer',
      Tx.TakeAlertStep,
      id,
      'acknowledge',
      '',
      'found on the upgraded ledger',
      '',
    );
    expect(taken.timeline.map((entry) => entry.step)).toEqual(['raise', 'acknowledge']);
    expect((await d.evaluate<Alert>('regulator', Tx.GetAlert, id)).state).toBe('active');
  });

  it('lists them for the manufacturer once the regulator has indexed them', async () => {
    const id = await olderFlag('L1');
    const listed = async () =>
      (
        await d.evaluate<{ items: Alert[] }>(
          'manufacturer',
          Tx.ListAlerts,
          'product',
          '',
          '',
          '',
          '',
          '',
        )
      ).items.map((alert) => alert.id);
    expect(await listed()).not.toContain(id);
    let next = '';
    do {
      next = (await d.submit<{ next: string }>('regulator', Tx.IndexAlerts, next, '500')).next;
    } while (next !== '');
    expect(await listed()).toContain(id);
  });

  it('reads a resolved one as closed (cleared: no root cause; confirmed: confirmed falsification) and refuses further steps', async () => {
    const id = await olderFlag('L2');
    const endorsement = await d.engine.endorse(d.identities['regulator'], Tx.ResolveAlert.name, [
      id,
      'cleared',
      'resolved before cases',
    ]);
    await d.engine.commit(asBeforeCases(endorsement));
    const cleared = await d.evaluate<Alert>('regulator', Tx.GetAlert, id);
    expect(cleared).toMatchObject({ status: 'cleared', state: 'closed', rootCause: null });
    expect(cleared.timeline.map((entry) => [entry.step, entry.to])).toEqual([
      ['raise', 'new'],
      ['resolve', 'closed'],
    ]);
    const step = await refusal(
      d.submit('regulator', Tx.TakeAlertStep, id, 'acknowledge', '', 'too late', ''),
    );
    expect(step.code).toBe('ALERT_RESOLVED');
    const confirmedId = await olderFlag('L3');
    await d.engine.commit(
      asBeforeCases(
        await d.engine.endorse(d.identities['regulator'], Tx.ResolveAlert.name, [
          confirmedId,
          'confirmed',
          'resolved before cases',
        ]),
      ),
    );
    expect(await d.evaluate<Alert>('regulator', Tx.GetAlert, confirmedId)).toMatchObject({
      status: 'confirmed',
      state: 'closed',
      rootCause: 'confirmed_falsification',
    });
    expect(
      (await refusal(d.evaluate<IllegitimateNotice>('regulator', Tx.GetIllegitimateNotice, id)))
        .code,
    ).toBe('NOTICE_NOT_FOUND');
  });
});
