import type { Browser, Locator, Page } from 'playwright-core';
import {
  EXPIRY,
  GTIN,
  PATIENCE,
  launchChromium,
  signIn,
  startPlatform,
  type Platform,
} from './support/platform';

// Deadlines follow the ledger (PATIENCE); what is asserted does not.
jest.setTimeout(PATIENCE.test);

const LOT = 'LOT-AC';
const SERIALS = ['BC1', 'BC2', 'BC3', 'BC4'];
const code = (serial: string) => `(01)${GTIN}(17)${EXPIRY}(10)${LOT}(21)${serial}`;
const items = (serials: readonly string[]) =>
  serials.map((serial) => ({ type: 'pack', gtin: GTIN, serial }));

/** The one case the suite works on, on a party's page. */
function theCase(page: Page): Locator {
  return page.locator('.alert-cases .case-item').first();
}

async function takeStep(page: Page, step: string, note: string, rootCause?: string): Promise<void> {
  const form = theCase(page).locator('form.case-step');
  await form.getByLabel('Step').selectOption({ label: step });
  if (rootCause !== undefined)
    await form.getByLabel('Root cause').selectOption({ label: rootCause });
  await form.getByLabel('Note').fill(note);
  await form.getByRole('button', { name: 'Take step' }).click();
}

describe('an alert case worked by the pharmacy, the manufacturer, the distributor and the regulator', () => {
  let platform: Platform;
  let browser: Browser | undefined;

  beforeAll(async () => {
    platform = await startPlatform();
    await platform.registerProduct();
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: LOT,
      expiry: EXPIRY,
      serials: SERIALS,
    });
    const ship = async (from: string, to: string, serials: readonly string[]) => {
      const shipment = await platform.api<{ id: string }>(from, 'POST', '/shipments', {
        to: platform.gln[to],
        items: items(serials),
      });
      await platform.api(to, 'POST', `/shipments/${shipment.id}/receive`, {
        received: items(serials),
      });
    };
    await ship('manufacturer', 'distributor', SERIALS);
    await ship('distributor', 'pharmacist', ['BC1']);
    // Pharmacy B scans a pack delivered to pharmacy A: a case about pharmacy A's stock.
    await platform.api('pharmacist2', 'POST', '/scans', { code: code('BC1') });
  });
  afterAll(async () => {
    await browser?.close();
    await platform.stop();
  });

  it('takes the case from New to Closed, each party on its own page, refusals shown as the ledger gives them', async () => {
    browser = await launchChromium();

    // The holder sees the case about its stock; its step out of turn is refused by the ledger.
    const pharmacy = await signIn(browser, platform, 'pharmacist');
    await theCase(pharmacy).locator('.case-state', { hasText: 'New' }).waitFor();
    await takeStep(pharmacy, 'Start investigation', 'why was it scanned elsewhere?');
    await theCase(pharmacy)
      .getByText('a case that is new cannot take the step investigate')
      .waitFor({ timeout: PATIENCE.outcome });
    await pharmacy.close();

    // The manufacturer sees the case about its product and takes it up.
    const maker = await signIn(browser, platform, 'manufacturer');
    await theCase(maker).locator('.case-state', { hasText: 'New' }).waitFor();
    await takeStep(maker, 'Acknowledge', 'our product: investigating');
    await theCase(maker)
      .locator('.case-state', { hasText: 'Active' })
      .waitFor({ timeout: PATIENCE.outcome });
    await takeStep(maker, 'Start investigation', 'print run checked');
    await theCase(maker)
      .locator('.case-state', { hasText: 'Under investigation' })
      .waitFor({ timeout: PATIENCE.outcome });
    const request = theCase(maker).locator('form.case-request-form');
    await request.getByLabel('Ask party').selectOption({ label: 'Medi Wholesale' });
    await request.getByLabel('Packs to verify').fill('3');
    await request.getByLabel('Request note').fill('verify three packs of this lot');
    await request.getByRole('button', { name: 'Ask to verify more packs' }).click();
    await theCase(maker).locator('.case-request').waitFor({ timeout: PATIENCE.outcome });
    await maker.close();

    // The distributor answers the request pack by pack.
    const distributor = await signIn(browser, platform, 'distributor');
    for (const serial of ['BC2', 'BC3', 'BC4']) {
      const form = theCase(distributor).locator('.case-request form');
      await form.getByLabel('Pack code to verify').fill(code(serial));
      await form.getByRole('button', { name: 'Record verification' }).click();
      await theCase(distributor)
        .locator('.case-request li', { hasText: `${serial}: AUTHENTIC_ACTIVE` })
        .waitFor({ timeout: PATIENCE.outcome });
    }
    await theCase(distributor).getByText('3 of 3 verified (complete)').waitFor();
    await distributor.close();

    // The manufacturer escalates; the regulator closes as confirmed falsification.
    const maker2 = await signIn(browser, platform, 'manufacturer');
    await takeStep(maker2, 'Escalate to the regulator', 'serial never printed by us');
    await theCase(maker2)
      .locator('.case-state', { hasText: 'Escalated' })
      .waitFor({ timeout: PATIENCE.outcome });
    await maker2.close();

    const regulator = await signIn(browser, platform, 'regulator');
    await theCase(regulator).locator('.case-state', { hasText: 'Escalated' }).waitFor();
    await takeStep(
      regulator,
      'Close with a root cause',
      'lab: no active ingredient',
      'Confirmed falsification',
    );
    // A closed case leaves the regulator's open list; the holder's page shows it with its notice.
    await regulator
      .locator('.alert-cases')
      .getByText('No alert cases.')
      .waitFor({ timeout: PATIENCE.outcome });
    await regulator.close();

    const holder = await signIn(browser, platform, 'pharmacist');
    await theCase(holder).locator('.case-state', { hasText: 'Closed' }).waitFor();
    await theCase(holder).getByText('Root cause: Confirmed falsification.').waitFor();
    await theCase(holder).getByText('Illegitimate-product notice (sent)').waitFor();
    const timeline = await theCase(holder).locator('.case-timeline li').allInnerTexts();
    expect(timeline.map((line) => line.split(' by ')[0])).toEqual([
      'Raised',
      'Acknowledged',
      'Investigation started',
      'Verification requested',
      'Escalated',
      'Closed',
    ]);
  });
});
