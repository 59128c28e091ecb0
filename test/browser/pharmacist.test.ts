import { join } from 'node:path';
import { expiryToIsoDate } from '@packtrace/gs1';
import type { Browser, Page } from 'playwright-core';
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
  PASSWORD,
} from './support/platform';

const PHONE = { width: 390, height: 844 };

// Deadlines follow the ledger (PATIENCE); what is asserted does not.
jest.setTimeout(PATIENCE.test);

describe('the pharmacist scans a pack with the camera and knows whether to hand it over', () => {
  let platform: Platform;
  let browser: Browser | undefined;

  beforeAll(async () => {
    platform = await startPlatform();
    await platform.registerProduct();
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-42A',
      expiry: EXPIRY,
      serials: ['G1', 'G2', 'G3'],
    });
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-RC',
      expiry: EXPIRY,
      serials: ['R1'],
    });
    const shipment = await platform.api<{ id: string }>('manufacturer', 'POST', '/shipments', {
      to: platform.gln['pharmacist'],
      items: ['G1', 'G2', 'G3', 'R1'].map((serial) => ({ type: 'pack', gtin: GTIN, serial })),
    });
    await platform.api('pharmacist', 'POST', `/shipments/${shipment.id}/receive`, {
      received: ['G1', 'G2', 'G3', 'R1'].map((serial) => ({ type: 'pack', gtin: GTIN, serial })),
    });
    await platform.api('manufacturer', 'POST', `/batches/${GTIN}/LOT-RC/recall`, {
      reason: 'sterility failure',
    });
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  afterAll(async () => platform.stop());

  async function scan(symbology: 'gs1datamatrix' | 'qrcode', text: string): Promise<Page> {
    browser = await launchChromium(await cameraFilming(symbology, text));
    const page = await signIn(browser, platform, 'pharmacist', PHONE);
    await page.locator('#verdict').waitFor({ timeout: 20000 });
    return page;
  }

  it('reads a genuine pack’s GS1 DataMatrix, says it is safe, and dispenses only on request', async () => {
    const page = await scan('gs1datamatrix', `(01)${GTIN}(17)${EXPIRY}(10)LOT-42A(21)G1`);
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe(
      '✓ Genuine — safe to dispense',
    );
    await expect(page.locator('.pack-facts').textContent()).resolves.toContain(
      'Paracetamol 500 mg',
    );
    await expect(page.locator('.pack-facts').textContent()).resolves.toContain(
      expiryToIsoDate(EXPIRY),
    );
    // The scan itself dispensed nothing.
    const before = await platform.api<{ pack: { status: string } }>(
      'pharmacist',
      'GET',
      `/packs/${GTIN}/G1`,
    );
    expect(before.pack.status).toBe('active');
    await page.screenshot({ path: join(SCREENSHOTS, 'pharmacist-genuine.png'), fullPage: true });
    await page.getByRole('button', { name: 'Dispense', exact: true }).click();
    await page
      .getByText('Dispensed. The pack is now recorded as supplied to the patient.')
      .waitFor();
    const after = await platform.api<{ pack: { status: string } }>(
      'pharmacist',
      'GET',
      `/packs/${GTIN}/G1`,
    );
    expect(after.pack.status).toBe('inactive');
  });

  it('says so when the network fails, keeps the scan, and checks it on retry', async () => {
    browser = await launchChromium(
      await cameraFilming('gs1datamatrix', `(01)${GTIN}(17)${EXPIRY}(10)LOT-42A(21)G3`),
    );
    const page = await signIn(browser, platform, 'pharmacist', PHONE);
    await page.route('**/api/v1/scans', (route) => route.abort('internetdisconnected'));
    await page.getByRole('heading', { name: 'No connection' }).waitFor({ timeout: 20000 });
    await expect(page.locator('.kept-code').textContent()).resolves.toContain('21G3');
    await page.unroute('**/api/v1/scans');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('#verdict').waitFor();
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe(
      '✓ Genuine — safe to dispense',
    );
    // Screen-reader users hear the verdict through the live region.
    await page
      .locator('#announcer', { hasText: 'Genuine, safe to dispense.' })
      .waitFor({ state: 'attached' });
  });

  it('refuses the same pack scanned again after dispensing', async () => {
    const page = await scan('gs1datamatrix', `(01)${GTIN}(17)${EXPIRY}(10)LOT-42A(21)G1`);
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('✕ Do not dispense');
    await expect(page.locator('.reasons').textContent()).resolves.toContain(
      'Already dispensed or withdrawn',
    );
    await expect(
      page.getByText('This scan raised an alert for the regulator.').count(),
    ).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Dispense', exact: true }).count()).resolves.toBe(
      0,
    );
    await page.screenshot({
      path: join(SCREENSHOTS, 'pharmacist-dispensed-twice.png'),
      fullPage: true,
    });
  });

  it('refuses a pack of a recalled batch', async () => {
    const page = await scan('gs1datamatrix', `(01)${GTIN}(17)${EXPIRY}(10)LOT-RC(21)R1`);
    await expect(page.locator('.reasons').textContent()).resolves.toContain('Recalled');
  });

  it('refuses an unknown serial', async () => {
    const page = await scan('gs1datamatrix', `(01)${GTIN}(17)${EXPIRY}(10)LOT-42A(21)FAKE99`);
    await expect(page.locator('.reasons').textContent()).resolves.toContain('Unknown pack');
    await page.screenshot({ path: join(SCREENSHOTS, 'pharmacist-unknown.png'), fullPage: true });
  });

  it('reads a QR code carrying a GS1 Digital Link', async () => {
    const page = await scan(
      'qrcode',
      `https://id.gs1.org/01/${GTIN}/10/LOT-42A/21/G2?17=${EXPIRY}`,
    );
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe(
      '✓ Genuine — safe to dispense',
    );
  });

  it('checks a code typed by hand when there is no camera', async () => {
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: PHONE, baseURL: platform.url });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByLabel('Username').fill('pharmacist');
    await page.getByLabel('Password').fill(PASSWORD);
    // Signed in with the keyboard alone, and no camera permission granted.
    await page.keyboard.press('Enter');
    await page.locator('.camera-status.warn').waitFor();
    await page.getByLabel('GTIN (01)').fill(GTIN);
    await page.getByLabel('Serial (21)').fill('G3');
    await page.getByLabel('Lot (10)').fill('LOT-42A');
    await page.getByLabel('Expiry (17)').fill(EXPIRY);
    await page.getByLabel('Expiry (17)').press('Enter');
    await page.locator('#verdict').waitFor();
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe(
      '✓ Genuine — safe to dispense',
    );
    // The verdict takes focus, so keyboard and screen-reader users land on it.
    await expect(
      page.evaluate('document.activeElement && document.activeElement.id'),
    ).resolves.toBe('verdict');
  });
});
