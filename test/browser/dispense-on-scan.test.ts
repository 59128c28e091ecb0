import { join } from 'node:path';
import { gs1CheckDigit } from '@packtrace/gs1';
import type { Browser, Page } from 'playwright-core';
import { cameraFilming } from './support/fake-camera';
import {
  EXPIRY,
  GTIN,
  SCREENSHOTS,
  launchChromium,
  startPlatform,
  type Platform,
  PATIENCE,
  signIn,
} from './support/platform';

const PHONE = { width: 390, height: 844 };
/** A case under the demo manufacturer's company prefix 9506000. */
const CASE_BODY = '09506000000000601';
const CASE = `${CASE_BODY}${gs1CheckDigit(CASE_BODY)}`;

interface History {
  events: { action: string; txId: string; by: string; subject: string }[];
}

// Deadlines follow the ledger (PATIENCE); what is asserted does not.
jest.setTimeout(PATIENCE.test);

describe('the pharmacist dispenses each pack as it is scanned, in one write', () => {
  let platform: Platform;
  let browser: Browser | undefined;

  beforeAll(async () => {
    platform = await startPlatform();
    await platform.registerProduct();
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-DS',
      expiry: EXPIRY,
      serials: ['D1', 'D2', 'D3', 'C1'],
    });
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-DR',
      expiry: EXPIRY,
      serials: ['R1'],
    });
    await platform.api('manufacturer', 'POST', '/containers', {
      sscc: CASE,
      kind: 'case',
      children: [{ type: 'pack', gtin: GTIN, serial: 'C1' }],
    });
    const packs = ['D1', 'D2', 'D3', 'R1'].map((serial) => ({ type: 'pack', gtin: GTIN, serial }));
    const items = [...packs, { type: 'container', sscc: CASE }];
    const shipment = await platform.api<{ id: string }>('manufacturer', 'POST', '/shipments', {
      to: platform.gln['pharmacist'],
      items,
    });
    await platform.api('pharmacist', 'POST', `/shipments/${shipment.id}/receive`, {
      received: items,
    });
    await platform.api('manufacturer', 'POST', `/batches/${GTIN}/LOT-DR/recall`, {
      reason: 'sterility failure',
    });
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  afterAll(async () => platform.stop());

  async function status(serial: string): Promise<string> {
    const view = await platform.api<{ pack: { status: string } }>(
      'pharmacist',
      'GET',
      `/packs/${GTIN}/${serial}`,
    );
    return view.pack.status;
  }

  /** The pharmacy's transactions on a pack after it received it, each by its id. */
  async function pharmacyTransactions(serial: string): Promise<string[][]> {
    const history = await platform.api<History>(
      'pharmacist',
      'GET',
      `/packs/${GTIN}/${serial}/history`,
    );
    const byTx = new Map<string, string[]>();
    for (const event of history.events) {
      if (event.by === platform.gln['pharmacist'] && event.action !== 'received') {
        byTx.set(event.txId, [...(byTx.get(event.txId) ?? []), `${event.subject}:${event.action}`]);
      }
    }
    return [...byTx.values()];
  }

  /** Signs in without a camera and types a pack code, as at a counter without a scanner. */
  async function typeCode(page: Page, serial: string, lot = 'LOT-DS'): Promise<void> {
    await page
      .getByLabel('Code as printed or scanned')
      .fill(`(01)${GTIN}(17)${EXPIRY}(10)${lot}(21)${serial}`);
    await page.getByLabel('Code as printed or scanned').press('Enter');
  }

  /** Signs in on a browser without a camera: codes are typed, as at a counter without one. */
  async function signInWithoutCamera(): Promise<Page> {
    browser = await launchChromium();
    const page = await signIn(browser, platform, 'pharmacist', PHONE);
    await page.locator('.camera-status.warn').waitFor();
    return page;
  }

  it('is off by default, is switched on by its label, and stays on after a reload', async () => {
    const page = await signInWithoutCamera();
    const toggle = page.getByLabel('Dispense on scan');
    await expect(toggle.isChecked()).resolves.toBe(false);
    await toggle.check();
    await page
      .locator('#announcer', { hasText: 'Dispense on scan is on.' })
      .waitFor({ state: 'attached' });
    await page.reload();
    await page.locator('header.top').waitFor();
    await expect(page.getByLabel('Dispense on scan').isChecked()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Check and dispense' }).count()).resolves.toBe(1);
  });

  it('dispenses a genuine pack the camera reads in one transaction, and refuses it when read again', async () => {
    browser = await launchChromium(
      await cameraFilming('gs1datamatrix', `(01)${GTIN}(17)${EXPIRY}(10)LOT-DS(21)D1`),
    );
    // The camera reads the pack as soon as the page opens, before the pharmacist could switch
    // the mode on: that first check is cut off before it leaves the browser (nothing recorded).
    const page = await signIn(browser, platform, 'pharmacist', PHONE, (context) =>
      context.route('**/api/v1/scans', (route) => route.abort('internetdisconnected')),
    );
    await page.getByRole('heading', { name: 'No connection' }).waitFor();
    await page.getByLabel('Dispense on scan').check();
    await page.getByRole('button', { name: 'Scan next pack' }).click();
    await page.locator('#verdict').waitFor({ timeout: PATIENCE.outcome });
    await expect(page.getByLabel('Dispense on scan').isChecked()).resolves.toBe(true);
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe(
      '✓ Dispensed — hand the pack to the patient',
    );
    await page
      .locator('#announcer', {
        hasText: 'Dispensed: genuine, recorded as supplied to the patient.',
      })
      .waitFor({ state: 'attached' });
    await page.screenshot({
      path: join(SCREENSHOTS, 'pharmacist-dispensed-on-scan.png'),
      fullPage: true,
    });
    expect(await status('D1')).toBe('inactive');
    // One write: the recorded verification and the dispense are one transaction.
    const transactions = await pharmacyTransactions('D1');
    expect(transactions).toHaveLength(1);
    expect(transactions[0]?.some((event) => event.startsWith('pack:'))).toBe(true);

    await page.getByRole('button', { name: 'Scan next pack' }).click();
    await page.locator('#verdict.unsafe').waitFor({ timeout: PATIENCE.outcome });
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('✕ Do not dispense');
    await expect(page.locator('.reasons').textContent()).resolves.toContain(
      'Already dispensed or withdrawn',
    );
  });

  it('writes twice for a pack checked then dispensed with the mode off', async () => {
    const page = await signInWithoutCamera();
    await typeCode(page, 'D2');
    await page.locator('#verdict').waitFor();
    await page.getByRole('button', { name: 'Dispense', exact: true }).click();
    await page
      .getByText('Dispensed. The pack is now recorded as supplied to the patient.')
      .waitFor();
    await expect(pharmacyTransactions('D2')).resolves.toHaveLength(2);
  });

  it('dispenses nothing when the pack must not be supplied', async () => {
    const page = await signInWithoutCamera();
    await page.getByLabel('Dispense on scan').check();
    await typeCode(page, 'R1', 'LOT-DR');
    await page.locator('#verdict').waitFor();
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe('✕ Do not dispense');
    await expect(page.locator('.reasons').textContent()).resolves.toContain('Recalled');
    await expect(page.getByRole('button', { name: 'Dispense', exact: true }).count()).resolves.toBe(
      0,
    );
    expect(await status('R1')).toBe('active');
  });

  it('gives the API’s message for a pack still in its case, dispensing nothing', async () => {
    const page = await signInWithoutCamera();
    await page.getByLabel('Dispense on scan').check();
    await typeCode(page, 'C1');
    await page.getByRole('heading', { name: 'The check could not be done' }).waitFor();
    await expect(page.locator('.result').textContent()).resolves.toContain('unpack it first');
    expect(await status('C1')).toBe('active');
  });

  it('keeps the code when the network fails and retries under the same Idempotency-Key', async () => {
    const page = await signInWithoutCamera();
    await page.getByLabel('Dispense on scan').check();
    const keys: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/dispensations')) {
        keys.push(request.headers()['idempotency-key'] ?? '');
      }
    });
    await page.route('**/api/v1/dispensations', (route) => route.abort('internetdisconnected'));
    await typeCode(page, 'D3');
    await page.getByRole('heading', { name: 'No connection' }).waitFor();
    await expect(page.locator('.kept-code').textContent()).resolves.toContain('(21)D3');
    await page.getByText('Try again finishes it without dispensing the pack twice.').waitFor();
    await page.unroute('**/api/v1/dispensations');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.locator('#verdict').waitFor();
    await expect(page.locator('#verdict-title').textContent()).resolves.toBe(
      '✓ Dispensed — hand the pack to the patient',
    );
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe('');
    expect(keys[1]).toBe(keys[0]);
    expect(await status('D3')).toBe('inactive');
  });
});
