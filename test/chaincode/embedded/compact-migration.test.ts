import { Tx, canonicalJson, type Pack, type PackHistory } from '@packtrace/chaincode/client';
import type { Endorsement } from '@packtrace/embedded-ledger';
import { GTIN, PARTIES } from '../../support/demo-parties';
import { startEmbeddedScenario, type EmbeddedScenario } from '../../support/embedded-scenario';
import {
  EXPIRY,
  LOT,
  code,
  commission,
  pack,
  reasonCodes,
  registerProduct,
  shipAndReceive,
  verify,
} from '../../support/fixtures';
import { refusal } from '../../support/scenario-ledger';

/** A composite key as fabric-shim forms it. */
function compositeKey(objectType: string, attributes: string[]): string {
  return `\u0000${objectType}\u0000${attributes.map((part) => `${part}\u0000`).join('')}`;
}

const INDEX = Buffer.from('{"index":true}', 'utf8');

/**
 * What CommissionPacks wrote before the compact record, from the same endorsement: per serial a
 * pack record, a batch-pack index entry and a holding entry, and nothing of the compact record.
 */
function asPerPackCommissioning(endorsement: Endorsement, serials: string[]): Endorsement {
  const writes = new Map<string, Buffer | null>();
  let entry: Pack['lastEvent'] | undefined;
  for (const [key, value] of endorsement.readWriteSet.writes) {
    if (key.startsWith('serial-cell\u0000')) {
      entry = (JSON.parse(value?.toString('utf8') ?? '{}') as { entry: Pack['lastEvent'] }).entry;
    } else if (
      !['commissioning-chunk', 'holding-lot', 'pack-form'].some((type) =>
        key.startsWith(`\u0000${type}\u0000`),
      )
    ) {
      writes.set(key, value);
    }
  }
  if (entry === undefined) {
    throw new Error('the endorsement commissioned nothing');
  }
  const manufacturer = PARTIES.manufacturer.gln;
  for (const serial of serials) {
    const record: Pack = {
      docType: 'pack',
      gtin: GTIN,
      serial,
      lot: LOT,
      custodian: manufacturer,
      shipment: null,
      parent: null,
      status: 'active',
      quarantine: null,
      decommission: null,
      holders: [manufacturer],
      lastEvent: entry,
    };
    writes.set(compositeKey('pack', [GTIN, serial]), Buffer.from(canonicalJson(record), 'utf8'));
    writes.set(compositeKey('batch-pack', [GTIN, LOT, serial]), INDEX);
    writes.set(compositeKey('holding', [manufacturer, 'pack', GTIN, serial]), INDEX);
  }
  return { ...endorsement, readWriteSet: { ...endorsement.readWriteSet, writes } };
}

describe('a ledger holding packs commissioned one record per pack', () => {
  let d: EmbeddedScenario;
  const LEGACY = ['OLD1', 'OLD2', 'OLD3'];

  beforeAll(async () => {
    d = await startEmbeddedScenario();
    await registerProduct(d);
    const endorsement = await d.engine.endorse(d.identities.manufacturer, Tx.CommissionPacks.name, [
      GTIN,
      LOT,
      EXPIRY,
      JSON.stringify(LEGACY),
    ]);
    await d.engine.commit(asPerPackCommissioning(endorsement, LEGACY));
  });
  afterAll(async () => d.stop());

  it('still refuses their serials under another batch, and skips them in their own', async () => {
    const refused = await refusal(commission(d, ['FRESH', 'OLD2'], 'LOT-NEW'));
    expect(refused.code).toBe('SERIAL_IN_OTHER_BATCH');
    expect(refused.body.details).toEqual({ serial: 'OLD2', lot: LOT });
    const again = await d.submit<{ created: number; alreadyPresent: number }>(
      'manufacturer',
      Tx.CommissionPacks,
      GTIN,
      LOT,
      EXPIRY,
      JSON.stringify(['OLD1', 'NEW1']),
    );
    expect({ created: again.created, alreadyPresent: again.alreadyPresent }).toEqual({
      created: 1,
      alreadyPresent: 1,
    });
  });

  it('verifies, ships and tells the provenance of old and new packs alike', async () => {
    expect((await verify(d, 'manufacturer', code('OLD3'))).verdict).toBe('AUTHENTIC_ACTIVE');
    expect((await verify(d, 'manufacturer', code('NEW1'))).verdict).toBe('AUTHENTIC_ACTIVE');
    expect(reasonCodes(await verify(d, 'manufacturer', code('OLD3', 'LOT-X')))).toContain(
      'SERIAL_UNDER_OTHER_BATCH',
    );
    await shipAndReceive(d, 'manufacturer', 'pharmacy', [pack('OLD1'), pack('NEW1')]);
    for (const serial of ['OLD1', 'NEW1']) {
      const history = await d.evaluate<PackHistory>('pharmacy', Tx.GetPackHistory, GTIN, serial);
      expect(history.events.map((entry) => entry.action)).toEqual([
        'commissioned',
        'shipped',
        'received',
      ]);
    }
  });

  it('lists both forms in the batch and in the inventory, each pack once', async () => {
    const listed: string[] = [];
    let bookmark = '';
    do {
      const page = await d.evaluate<{ items: string[]; bookmark: string }>(
        'regulator',
        Tx.ListBatchPacks,
        GTIN,
        LOT,
        '1',
        bookmark,
      );
      listed.push(...page.items);
      bookmark = page.bookmark;
    } while (bookmark !== '');
    expect(listed.sort()).toEqual(['NEW1', 'OLD1', 'OLD2', 'OLD3']);
    const inventory = await d.evaluate<{ items: Pack[]; bookmark: string }>(
      'manufacturer',
      Tx.ListInventory,
      '',
      '',
    );
    expect(inventory.items.map((item) => item.serial).sort()).toEqual(['OLD2', 'OLD3']);
  });
});
