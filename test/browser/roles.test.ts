import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { cameraFilming } from './support/fake-camera';
import {
  EXPIRY,
  GTIN,
  SCREENSHOTS,
  launchChromium,
  signIn,
  startPlatform,
  type Platform,
  PATIENCE,
} from './support/platform';

const CASE = '095060000000000114';
/** A second product of the demo manufacturer, registered through the page. */
const IBUPROFEN = '09506000134369';

// Deadlines follow the ledger (PATIENCE); what is asserted does not.
jest.setTimeout(PATIENCE.test);

describe('each role’s main journey in the browser', () => {
  let platform: Platform;
  let browser: Browser | undefined;

  beforeAll(async () => {
    platform = await startPlatform();
    await platform.registerProduct();
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  afterAll(async () => platform.stop());

  it('manufacturer: registers a product, commissions a batch and gets a sheet of labels', async () => {
    browser = await launchChromium();
    const page = await signIn(browser, platform, 'manufacturer');
    await page.getByLabel('GTIN').fill(IBUPROFEN);
    await page.getByLabel('Name').fill('Ibuprofen 400 mg');
    await page.getByLabel('Strength').fill('400 mg');
    await page.getByRole('button', { name: 'Register product' }).click();
    await page.getByText(`Product ${IBUPROFEN} registered.`).waitFor();
    await page.getByLabel('Lot', { exact: true }).first().fill('LOT-7');
    await page.getByLabel('Expiry').fill('281100');
    await page.getByLabel('Number of packs').fill('6');
    await page.getByRole('button', { name: 'Commission' }).click();
    await page.getByText('Commissioned 6 packs of lot LOT-7.').waitFor();
    await page.locator('.labels img').nth(5).waitFor();
    const loaded = await page
      .locator('.labels img')
      .evaluateAll(
        (images) =>
          images.filter((image) => (image as unknown as { naturalWidth: number }).naturalWidth > 0)
            .length,
      );
    expect(loaded).toBe(6);
    await page.screenshot({ path: join(SCREENSHOTS, 'manufacturer.png'), fullPage: true });
    const batch = await platform.api<{ items: string[] }>(
      'manufacturer',
      'GET',
      `/batches/${IBUPROFEN}/LOT-7/packs`,
    );
    expect(batch.items).toHaveLength(6);
  });

  it('manufacturer: follows a large batch with a progress bar to the end', async () => {
    browser = await launchChromium();
    const page = await signIn(browser, platform, 'manufacturer');
    await page.getByLabel('Lot', { exact: true }).first().fill('LOT-BIG');
    await page.getByLabel('Expiry').fill('281100');
    await page.getByLabel('Number of packs').fill('12000');
    await page.getByRole('button', { name: 'Commission' }).click();
    // The job ends either way on screen: done, or stopped with the ledger's reason.
    const outcome = page.getByText(/^(Done|Stopped): /);
    await outcome.waitFor({ timeout: PATIENCE.largeJob });
    await expect(outcome.textContent()).resolves.toBe('Done: 12,000 packs commissioned.');
    await expect(page.locator('progress').getAttribute('hidden')).resolves.toBeNull();
    await expect(
      page.locator('progress').evaluate((bar) => (bar as unknown as { value: number }).value),
    ).resolves.toBe(100);
  });

  it('manufacturer: seals a case, ships it, and recalls a batch', async () => {
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-C',
      expiry: `${EXPIRY.slice(0, 4)}00`,
      serials: ['C1', 'C2'],
    });
    browser = await launchChromium();
    const page = await signIn(browser, platform, 'manufacturer');
    await page.getByLabel('SSCC').fill('095060000000000220');
    await page.getByLabel('Contents, one per line').fill('C1\nC2');
    await page.getByRole('button', { name: 'Seal' }).click();
    await page.getByText('Sealed 2 item(s) in case 095060000000000220.').waitFor();
    await page.getByLabel('To').selectOption(platform.gln['distributor'] ?? '');
    await page.getByLabel('Items, one per line').fill('095060000000000220');
    await page.getByRole('button', { name: 'Ship', exact: true }).click();
    await page.getByText(/Shipped 1 item\(s\)/).waitFor();
    const incoming = await platform.api<{ items: Array<{ items: unknown[] }> }>(
      'distributor',
      'GET',
      '/shipments?direction=in',
    );
    expect(
      incoming.items.some((shipment) =>
        JSON.stringify(shipment.items).includes('095060000000000220'),
      ),
    ).toBe(true);
    await page.getByLabel('Lot', { exact: true }).nth(1).fill('LOT-C');
    await page.getByLabel('Reason').fill('label misprint');
    await page.getByRole('button', { name: 'Recall batch' }).click();
    await page
      .getByText('Lot LOT-C recalled: its packs now fail verification everywhere.')
      .waitFor();
    const batch = await platform.api<{ status: string }>(
      'regulator',
      'GET',
      `/batches/${GTIN}/LOT-C`,
    );
    expect(batch.status).toBe('recalled');
  });

  it('distributor: scans what arrived, sees the discrepancy before confirming, and receives', async () => {
    const serials = ['D1', 'D2'];
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-D',
      expiry: `${EXPIRY.slice(0, 4)}00`,
      serials,
    });
    await platform.api('manufacturer', 'POST', '/shipments', {
      to: platform.gln['distributor'],
      items: serials.map((serial) => ({ type: 'pack', gtin: GTIN, serial })),
    });
    browser = await launchChromium(
      await cameraFilming('gs1datamatrix', `(01)${GTIN}(17)281100(10)LOT-D(21)D1`),
    );
    const page = await signIn(browser, platform, 'distributor');
    await page
      .locator('.shipments li', { hasText: '2 item(s)' })
      .getByRole('button', { name: 'Receive…' })
      .click();
    await page.getByText('1 of 2 expected item(s) checked in.').waitFor({ timeout: 20000 });
    await page.getByText(/Discrepancy: 1 missing/).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'distributor-receiving.png'), fullPage: true });
    await page.getByRole('button', { name: 'Confirm receipt' }).click();
    await page.getByText('Received with a discrepancy: the regulator has been alerted.').waitFor();
    const alerts = await platform.api<{ items: Array<{ reasons: string[] }> }>(
      'regulator',
      'GET',
      '/alerts?status=open',
    );
    expect(alerts.items.map((alert) => alert.reasons)).toContainEqual(['MISSING_ITEMS']);
  });

  it('regulator: sees an alert arrive live, resolves it, and reads a pack’s custody timeline', async () => {
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-T',
      expiry: `${EXPIRY.slice(0, 4)}00`,
      serials: ['T1'],
    });
    await platform.api('manufacturer', 'POST', '/containers', {
      sscc: CASE,
      kind: 'case',
      children: [{ type: 'pack', gtin: GTIN, serial: 'T1' }],
    });
    const shipment = await platform.api<{ id: string }>('manufacturer', 'POST', '/shipments', {
      to: platform.gln['pharmacist'],
      items: [{ type: 'container', sscc: CASE }],
    });
    await platform.api('pharmacist', 'POST', `/shipments/${shipment.id}/receive`, {
      received: [{ type: 'container', sscc: CASE }],
    });
    await platform.api('pharmacist', 'POST', `/containers/${CASE}/unpack`);
    browser = await launchChromium();
    const page = await signIn(browser, platform, 'regulator');
    await page.locator('.live', { hasText: 'live' }).waitFor();
    await page.locator('.alerts li').first().waitFor();
    const before = await page.locator('.alert-item').count();
    await platform.api('pharmacist', 'POST', '/alerts', {
      gtin: GTIN,
      serial: 'T1',
      note: 'seal broken on arrival',
    });
    await page.getByText('seal broken on arrival').waitFor({ timeout: 10000 });
    expect(await page.locator('.alert-item').count()).toBe(before + 1);
    await expect(
      page
        .locator('.alert-item', { hasText: 'seal broken on arrival' })
        .locator('strong')
        .textContent(),
    ).resolves.toBe('Flagged as suspect');
    // The counts are the gateway's (GET /alerts/summary), not rebuilt by replaying events.
    await expect(page.locator('#count-open').textContent()).resolves.toBe(String(before + 1));
    expect(Number(await page.locator('#count-alerts').textContent())).toBeGreaterThanOrEqual(
      before + 1,
    );
    await page.getByLabel('Pack code').fill(`(01)${GTIN}(21)T1`);
    await page.getByRole('button', { name: 'Show history' }).click();
    await page.locator('.timeline li').nth(4).waitFor();
    const steps = await page.locator('.timeline li strong').allTextContents();
    expect(steps.slice(0, 5)).toEqual([
      'Commissioned',
      'Packed',
      'Shipped',
      'Received',
      'Unpacked',
    ]);
    await expect(page.locator('.timeline').textContent()).resolves.toContain(
      'Acme Pharma → Central Pharmacy',
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'regulator.png'), fullPage: true });
    const item = page.locator('.alert-item', { hasText: 'seal broken on arrival' });
    await item.getByLabel('Finding').fill('tampering confirmed');
    await item.getByRole('button', { name: 'Confirm illegitimate' }).click();
    await item.waitFor({ state: 'detached' });
    const pack = await platform.api<{ pack: { status: string } }>(
      'regulator',
      'GET',
      `/packs/${GTIN}/T1`,
    );
    expect(pack.pack.status).toBe('illegitimate');
  });

  it('regulator: suspends a trading partner and authorises it again', async () => {
    browser = await launchChromium();
    const page = await signIn(browser, platform, 'regulator');
    const row = page.locator('.parties li', { hasText: 'Medi Wholesale' });
    await row.getByRole('button', { name: 'Suspend' }).click();
    await row.getByText('suspended').waitFor();
    expect(
      (
        await platform.api<{ status: string }>(
          'regulator',
          'GET',
          `/parties/${platform.gln['distributor'] ?? ''}`,
        )
      ).status,
    ).toBe('suspended');
    await row.getByRole('button', { name: 'Authorise' }).click();
    await row.getByText('authorised').waitFor();
  });

  it('shows each user only their role’s view', async () => {
    browser = await launchChromium();
    for (const [username, heading] of [
      ['manufacturer', 'Manufacturing'],
      ['distributor', 'Goods in and out'],
      ['regulator', 'Oversight'],
    ] as const) {
      const page = await signIn(browser, platform, username);
      await expect(page.locator('main h1').textContent()).resolves.toBe(heading);
      await expect(
        page.getByRole('button', { name: 'Dispense', exact: true }).count(),
      ).resolves.toBe(0);
      if (username !== 'regulator') {
        await expect(page.getByText('Open alerts').count()).resolves.toBe(0);
      }
    }
  });
});
