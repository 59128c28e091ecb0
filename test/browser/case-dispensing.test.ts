import { join } from 'node:path';
import { gs1CheckDigit } from '@packtrace/gs1';
import type { Browser, Page } from 'playwright-core';
import { caseLabelSvg } from './support/case-label';
import { cameraFilmingLabel } from './support/fake-camera';
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

const PHONE = { width: 390, height: 844 };

/** An SSCC under the demo manufacturer's company prefix 9506000. */
function sscc(reference: string): string {
  const body = `09506000${reference.padStart(9, '0')}`;
  return `${body}${gs1CheckDigit(body)}`;
}

const GOOD_CASE = sscc('501');
const SUSPECT_CASE = sscc('502');

// Deadlines follow the ledger (PATIENCE); what is asserted does not.
jest.setTimeout(PATIENCE.test);

describe('the pharmacist scans a case label, sees its packs’ verdicts and dispenses the case', () => {
  let platform: Platform;
  let browser: Browser | undefined;

  async function deliverCase(code: string, serials: string[]): Promise<void> {
    const packs = serials.map((serial) => ({ type: 'pack', gtin: GTIN, serial }));
    await platform.api('manufacturer', 'POST', '/containers', {
      sscc: code,
      kind: 'case',
      children: packs,
    });
    const shipment = await platform.api<{ id: string }>('manufacturer', 'POST', '/shipments', {
      to: platform.gln['pharmacist'],
      items: [{ type: 'container', sscc: code }],
    });
    await platform.api('pharmacist', 'POST', `/shipments/${shipment.id}/receive`, {
      received: [{ type: 'container', sscc: code }],
    });
  }

  beforeAll(async () => {
    platform = await startPlatform();
    await platform.registerProduct();
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-CASE',
      expiry: EXPIRY,
      serials: ['K1', 'K2', 'K3', 'S1', 'S2'],
    });
    await deliverCase(GOOD_CASE, ['K1', 'K2', 'K3']);
    await deliverCase(SUSPECT_CASE, ['S1', 'S2']);
    await platform.api('pharmacist', 'POST', '/alerts', {
      gtin: GTIN,
      serial: 'S2',
      note: 'seal broken',
    });
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  afterAll(async () => platform.stop());

  async function scanCase(code: string): Promise<Page> {
    browser = await launchChromium(await cameraFilmingLabel(caseLabelSvg(code)));
    const page = await signIn(browser, platform, 'pharmacist', PHONE);
    await page.locator('#case-verdict').waitFor({ timeout: 20000 });
    return page;
  }

  async function status(serial: string): Promise<string> {
    const view = await platform.api<{ pack: { status: string } }>(
      'pharmacist',
      'GET',
      `/packs/${GTIN}/${serial}`,
    );
    return view.pack.status;
  }

  it('lists every pack of a sealed case as genuine and dispenses the whole case on request', async () => {
    const page = await scanCase(GOOD_CASE);
    await expect(page.locator('#case-title').textContent()).resolves.toBe(
      '✓ Case of 3 genuine packs — safe to dispense',
    );
    await expect(page.locator('.case-packs li').count()).resolves.toBe(3);
    // Scanning the label dispensed nothing.
    expect(await status('K1')).toBe('active');
    await page.screenshot({ path: join(SCREENSHOTS, 'pharmacist-case.png'), fullPage: true });
    await page.getByRole('button', { name: 'Dispense whole case (3 packs)' }).click();
    await page.getByText('Dispensed 3 packs. The whole case is recorded as supplied.').waitFor();
    expect(await Promise.all(['K1', 'K2', 'K3'].map(status))).toEqual([
      'inactive',
      'inactive',
      'inactive',
    ]);
  });

  it('names the pack that must not be dispensed first and offers no dispensing of the case', async () => {
    const page = await scanCase(SUSPECT_CASE);
    await expect(page.locator('#case-title').textContent()).resolves.toBe(
      '✕ 1 of 2 packs must not be dispensed',
    );
    await expect(page.locator('.case-packs li').first().textContent()).resolves.toBe(
      'Serial S2 — Under investigation',
    );
    await expect(page.getByRole('button', { name: /Dispense whole case/ }).count()).resolves.toBe(
      0,
    );
    expect(await status('S1')).toBe('active');
  });
});
