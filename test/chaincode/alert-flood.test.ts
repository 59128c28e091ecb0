import {
  Tx,
  MAX_OPEN_UNKNOWN_FLAGS,
  type Alert,
  type AlertGroups,
  type Page,
} from '@packtrace/chaincode/client';
import type { ScenarioLedger, ScenarioUser } from '../support/scenario-ledger';
import { refusal } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';
import { GTIN, PARTIES } from '../support/demo-parties';
import { commission, pack, registerProduct, shipAndReceive } from '../support/fixtures';

/** The filters of alerts:ListAlerts, by name. */
interface AlertFilter {
  readonly scope?: string;
  readonly status?: string;
  readonly reporter?: string;
  readonly code?: string;
}

function listAlerts(
  d: ScenarioLedger,
  user: ScenarioUser,
  filter: AlertFilter,
  pageSize = '',
  bookmark = '',
): Promise<Page<Alert>> {
  const { scope = '', status = '', reporter = '', code = '' } = filter;
  return d.evaluate<Page<Alert>>(
    user,
    Tx.ListAlerts,
    scope,
    status,
    reporter,
    code,
    pageSize,
    bookmark,
  );
}

/** Every page of a listing, in order. */
async function allPages(
  d: ScenarioLedger,
  user: ScenarioUser,
  filter: AlertFilter,
  pageSize: number,
): Promise<Array<Page<Alert>>> {
  const pages: Array<Page<Alert>> = [];
  let bookmark = '';
  do {
    const page = await listAlerts(d, user, filter, String(pageSize), bookmark);
    pages.push(page);
    bookmark = page.bookmark;
  } while (bookmark !== '');
  return pages;
}

/**
 * A flood of flags of invented serials (issue 11): the ledger bounds each party's open flags of
 * unknown serials, the regulator sees the flood as one line and filters it out by reporter or
 * reason, and every listing filters before it pages, so no page is short while more remain.
 */
describe('a flood of flags of unknown serials', () => {
  const flooder = PARTIES.pharmacy2.gln;
  let d: ScenarioLedger;
  const flood: Alert[] = [];
  const firstFlood = () => flood[0]?.id ?? '';

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['H1', 'H2', 'H3']);
    await shipAndReceive(d, 'manufacturer', 'distributor', [pack('H1'), pack('H2'), pack('H3')]);
  });
  afterAll(async () => {
    await d.stop();
  });

  it('refuses a party’s flag of an unknown serial once it has the most open, writing nothing', async () => {
    for (let i = 0; i < MAX_OPEN_UNKNOWN_FLAGS; i += 1) {
      const alert = await d.submit<Alert>('pharmacy2', Tx.FlagPack, GTIN, `X${i}`, 'fake');
      expect(alert.reasons).toEqual(['UNKNOWN_SERIAL']);
      flood.push(alert);
    }
    const height = await d.height();
    const refused = await refusal(d.submit('pharmacy2', Tx.FlagPack, GTIN, 'X-ONE-MORE', 'fake'));
    expect(refused.code).toBe('TOO_MANY_OPEN_FLAGS');
    expect(await d.height()).toBe(height);
    const open = await allPages(d, 'pharmacy2', { status: 'open' }, 200);
    expect(open.flatMap((page) => page.items)).toHaveLength(MAX_OPEN_UNKNOWN_FLAGS);
  });

  it('still takes that party’s flag of a pack the ledger knows, and others’ flags of unknown serials', async () => {
    const known = await d.submit<Alert>('pharmacy2', Tx.FlagPack, GTIN, 'H1', 'odd seal');
    expect(known.reasons).toEqual(['FLAGGED_SUSPECT']);
    const other = await d.submit<Alert>('pharmacy', Tx.FlagPack, GTIN, 'Y1', 'not ours');
    expect(other.reasons).toEqual(['UNKNOWN_SERIAL']);
    await d.submit<Alert>('pharmacy', Tx.FlagPack, GTIN, 'H2', 'seen online');
  });

  it('takes one more unknown serial from the party once the regulator resolves one of its flags', async () => {
    await d.submit('regulator', Tx.ResolveAlert, firstFlood(), 'cleared', 'a typo');
    await d.submit('pharmacy2', Tx.FlagPack, GTIN, 'X-AFTER', 'fake');
    expect((await refusal(d.submit('pharmacy2', Tx.FlagPack, GTIN, 'X-AGAIN', 'fake'))).code).toBe(
      'TOO_MANY_OPEN_FLAGS',
    );
  });

  it('shows the regulator the open alerts grouped by reporter and reason, the flood as one line', async () => {
    const groups = await d.evaluate<AlertGroups>('regulator', Tx.AlertGroups);
    expect(groups).toEqual({
      items: [
        { raisedBy: flooder, code: 'UNKNOWN_SERIAL', open: MAX_OPEN_UNKNOWN_FLAGS },
        { raisedBy: flooder, code: 'FLAGGED_SUSPECT', open: 1 },
        { raisedBy: PARTIES.pharmacy.gln, code: 'FLAGGED_SUSPECT', open: 1 },
        { raisedBy: PARTIES.pharmacy.gln, code: 'UNKNOWN_SERIAL', open: 1 },
      ].sort(
        (a, b) => b.open - a.open || compare(a.raisedBy, b.raisedBy) || compare(a.code, b.code),
      ),
      count: 4,
    });
  });

  it('filters the regulator’s list by reporter and by reason before paging it: every page but the last is full', async () => {
    const byReporter = await allPages(d, 'regulator', { reporter: flooder }, 6);
    const items = byReporter.flatMap((page) => page.items);
    expect(items).toHaveLength(MAX_OPEN_UNKNOWN_FLAGS + 1);
    expect(items.every((a) => a.raisedBy === flooder && a.status === 'open')).toBe(true);
    expect(byReporter.slice(0, -1).every((page) => page.count === 6)).toBe(true);
    expect(byReporter.at(-1)?.count).toBeGreaterThan(0);

    const others = await allPages(d, 'regulator', { code: 'UNKNOWN_SERIAL' }, 200);
    expect(others.flatMap((page) => page.items)).toHaveLength(MAX_OPEN_UNKNOWN_FLAGS + 1);
    const notTheFlood = await listAlerts(d, 'regulator', {
      code: 'FLAGGED_SUSPECT',
      reporter: PARTIES.pharmacy.gln,
    });
    expect(notTheFlood.items.map((a) => a.note)).toEqual(['seen online']);
    const cleared = await listAlerts(d, 'regulator', { status: 'cleared', reporter: flooder });
    expect(cleared.items.map((a) => a.id)).toEqual([firstFlood()]);
  });

  it('filters a party’s own alerts by status before paging them', async () => {
    // The one cleared alert is among 22 of the party's own: a page of one finds it at once.
    const page = await listAlerts(d, 'pharmacy2', { status: 'cleared' }, '1');
    expect(page.items.map((a) => a.id)).toEqual([firstFlood()]);
    expect(page.bookmark).toBe('');
    const open = await allPages(d, 'pharmacy2', { scope: 'raised', status: 'open' }, 8);
    expect(open.map((p) => p.count)).toEqual([8, 8, 5]);
  });

  it('lists the alerts about a party’s stock, of one status or all, and nobody else’s', async () => {
    const stock = await listAlerts(d, 'distributor', { scope: 'stock' });
    expect(stock.items.map((a) => a.note).sort()).toEqual(['odd seal', 'seen online']);
    const seenOnline = stock.items.find((a) => a.note === 'seen online');
    await d.submit('regulator', Tx.ResolveAlert, seenOnline?.id ?? '', 'cleared', 'fine');
    const open = await listAlerts(d, 'distributor', { scope: 'stock', status: 'open' });
    expect(open.items.map((a) => a.note)).toEqual(['odd seal']);
    const cleared = await listAlerts(d, 'distributor', { scope: 'stock', status: 'cleared' });
    expect(cleared.items.map((a) => a.note)).toEqual(['seen online']);
    expect((await listAlerts(d, 'manufacturer', { scope: 'stock' })).items).toEqual([]);
    // Its own alerts stay apart: the distributor raised none.
    expect((await listAlerts(d, 'distributor', {})).items).toEqual([]);
  });

  it('keeps every party’s list but the regulator’s to its own and its stock', async () => {
    expect((await refusal(listAlerts(d, 'pharmacy', { scope: 'all' }))).code).toBe('NOT_PERMITTED');
    expect((await refusal(listAlerts(d, 'pharmacy', { reporter: flooder }))).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect((await refusal(listAlerts(d, 'regulator', { code: 'not a code' }))).code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
