import { Tx, type Alert, type AlertGroups, type Page } from '@packtrace/chaincode/client';
import type { Endorsement } from '@packtrace/embedded-ledger';
import { GTIN, PARTIES } from '../../support/demo-parties';
import { startEmbeddedScenario, type EmbeddedScenario } from '../../support/embedded-scenario';
import { commission, pack, registerProduct, shipAndReceive } from '../../support/fixtures';
import type { ScenarioUser } from '../../support/scenario-ledger';

/** What the chaincode wrote for an alert before its lists filtered before paging. */
const NEWER_KEYS = [
  'alert-status-raiser',
  'alert-status-code',
  'alert-holder',
  'alert-status-holder',
  'flag-unknown-open',
];

function withoutNewerKeys(endorsement: Endorsement): Endorsement {
  const writes = new Map(
    [...endorsement.readWriteSet.writes].filter(
      ([key]) => !NEWER_KEYS.some((type) => key.startsWith(`\u0000${type}\u0000`)),
    ),
  );
  return { ...endorsement, readWriteSet: { ...endorsement.readWriteSet, writes } };
}

describe('a ledger with alerts raised before the alert indexes', () => {
  let d: EmbeddedScenario;

  const olderFlag = async (user: ScenarioUser, serial: string): Promise<string> => {
    const endorsement = await d.engine.endorse(d.identities[user], Tx.FlagPack.name, [
      GTIN,
      serial,
      'raised before the upgrade',
    ]);
    await d.engine.commit(withoutNewerKeys(endorsement));
    return endorsement.txId;
  };
  const list = async (user: ScenarioUser, ...filter: string[]) =>
    (await d.evaluate<Page<Alert>>(user, Tx.ListAlerts, ...filter, '', '')).items.map(
      (alert) => alert.id,
    );

  beforeAll(async () => {
    d = await startEmbeddedScenario();
    await registerProduct(d);
    await commission(d, ['A1']);
    await shipAndReceive(d, 'manufacturer', 'distributor', [pack('A1')]);
  });
  afterAll(async () => d.stop());

  it('finds them in the filtered lists and the grouping once the regulator has indexed them', async () => {
    const unknown = await olderFlag('pharmacy', 'OLD1');
    const stock = await olderFlag('pharmacy', 'A1');
    const newer = await d.submit<Alert>('pharmacy', Tx.FlagPack, GTIN, 'NEW1', 'after');
    // Before: the unfiltered lists have them, the filtered ones and the grouping do not.
    expect((await list('regulator', '', '', '', '')).sort()).toEqual(
      [unknown, stock, newer.id].sort(),
    );
    expect(await list('regulator', '', '', PARTIES.pharmacy.gln, '')).toEqual([newer.id]);
    expect(await list('distributor', 'stock', '', '', '')).toEqual([]);

    const first = await d.submit<{ indexed: number; next: string }>(
      'regulator',
      Tx.IndexAlerts,
      '',
      '2',
    );
    expect(first.next).not.toBe('');
    const second = await d.submit<{ indexed: number; next: string }>(
      'regulator',
      Tx.IndexAlerts,
      first.next,
      '2',
    );
    expect(second.next).toBe('');
    expect(first.indexed + second.indexed).toBe(2);

    expect((await list('regulator', '', '', PARTIES.pharmacy.gln, '')).sort()).toEqual(
      [unknown, stock, newer.id].sort(),
    );
    expect(await list('regulator', '', '', '', 'FLAGGED_SUSPECT')).toEqual([stock]);
    expect(await list('distributor', 'stock', 'open', '', '')).toEqual([stock]);
    expect(await d.evaluate<AlertGroups>('regulator', Tx.AlertGroups)).toEqual({
      items: [
        { raisedBy: PARTIES.pharmacy.gln, code: 'UNKNOWN_SERIAL', open: 2 },
        { raisedBy: PARTIES.pharmacy.gln, code: 'FLAGGED_SUSPECT', open: 1 },
      ],
      count: 2,
    });

    // Resolving an indexed older alert moves it as it moves any other.
    await d.submit('regulator', Tx.ResolveAlert, unknown, 'cleared', 'a typo');
    expect(await list('regulator', 'all', 'cleared', PARTIES.pharmacy.gln, '')).toEqual([unknown]);
    expect(await d.submit('regulator', Tx.IndexAlerts, '', '500')).toEqual({
      indexed: 0,
      next: '',
    });
  });
});
