/**
 * Issue 26, item 4 (the patient's half): a QR label printed by the platform, decoded by ZBar,
 * its URI followed by Node's own fetch (redirects and all) to the patient's check, shown in
 * Chromium at phone size, a screenshot per pack state.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { readQrCode } from '../support/decoders';
import { renderLabelPng } from '../support/label-image';
import {
  EXPIRY,
  GTIN,
  PASSWORD,
  PATIENCE,
  SCREENSHOTS,
  launchChromium,
  signIn,
  startPlatform,
  type Platform,
} from './support/platform';

const PHONE = { width: 390, height: 844 };

// Deadlines follow the ledger (PATIENCE); what is asserted does not.
jest.setTimeout(PATIENCE.test);

describe('a patient scans a pack’s printed QR code with a phone', () => {
  let platform: Platform;
  let browser: Browser | undefined;

  /** The pack's printed QR label, as the manufacturer downloads it (SVG). */
  async function qrLabel(serial: string): Promise<string> {
    const signIn = await fetch(`${platform.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'manufacturer', password: PASSWORD }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const label = await fetch(
      `${platform.url}/api/v1/packs/${GTIN}/${serial}/label.svg?symbology=qr`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(label.status).toBe(200);
    return label.text();
  }

  /**
   * Follows what the label encodes as a phone's browser would. A label printed before the
   * labels name this gateway's resolver points at id.gs1.org: the same path is asked of this
   * gateway, which is the consortium's resolver.
   */
  async function follow(uri: string): Promise<Response> {
    const printed = new URL(uri);
    const here = new URL(printed.pathname + printed.search, platform.url);
    return fetch(here, { headers: { Accept: 'text/html' }, redirect: 'follow' });
  }

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    platform = await startPlatform();
    await platform.registerProduct();
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-PAT',
      expiry: EXPIRY,
      serials: ['PT-UNSOLD', 'PT-SOLD', 'PT-SUSPECT', 'PT-GONE'],
    });
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-PATR',
      expiry: EXPIRY,
      serials: ['PT-RECALLED'],
    });
    const items = [{ type: 'pack', gtin: GTIN, serial: 'PT-SOLD' }];
    const shipment = await platform.api<{ id: string }>('manufacturer', 'POST', '/shipments', {
      to: platform.gln['pharmacist'],
      items,
    });
    await platform.api('pharmacist', 'POST', `/shipments/${shipment.id}/receive`, {
      received: items,
    });
    await platform.api('pharmacist', 'POST', `/packs/${GTIN}/PT-SOLD/dispense`);
    await platform.api('manufacturer', 'POST', `/batches/${GTIN}/LOT-PATR/recall`, {
      reason: 'contamination',
    });
    await platform.api('manufacturer', 'POST', '/alerts', {
      gtin: GTIN,
      serial: 'PT-SUSPECT',
      note: 'print looks wrong',
    });
    await platform.api('manufacturer', 'POST', `/packs/${GTIN}/PT-GONE/decommission`, {
      reason: 'destroyed',
      note: 'damaged',
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await platform.stop();
  });

  it.each([
    ['PT-UNSOLD', 'no-record', /not yet been handed to a patient/],
    ['PT-SOLD', 'dispensed', /Dispensed by a registered pharmacy on \d{4}-\d{2}-\d{2}\./],
    ['PT-RECALLED', 'recalled', /batch has been recalled/],
    ['PT-SUSPECT', 'do-not-use', /being investigated/],
    ['PT-GONE', 'out-of-circulation', /taken out of circulation/],
  ])('shows %s’s state (%s) on the page its label leads to', async (serial, status, words) => {
    const uri = await readQrCode(renderLabelPng(await qrLabel(serial), 8));
    expect(uri).toMatch(new RegExp(`/01/${GTIN}/.*21/${serial}`));
    const landed = await follow(uri);
    expect(landed.status).toBe(200);
    expect(new URL(landed.url).pathname).toBe(`/check/01/${GTIN}/21/${serial}`);

    const context = await browser!.newContext({ viewport: PHONE, isMobile: true });
    try {
      const page = await context.newPage();
      await page.goto(landed.url);
      const answer = page.locator('.answer');
      await expect(answer.getAttribute('data-status')).resolves.toBe(status);
      await expect(answer.textContent()).resolves.toMatch(words);
      // Nothing is wider than the phone: no sideways scrolling.
      const width = await page.evaluate<number>('document.documentElement.scrollWidth');
      expect(width).toBeLessThanOrEqual(PHONE.width);
      await page.screenshot({ path: join(SCREENSHOTS, `patient-check-${status}.png`) });
    } finally {
      await context.close();
    }
  });

  it('shows the regulator the packs patients looked up from another country', async () => {
    const abroad = await fetch(`${platform.url}/api/v1/check/01/${GTIN}/21/PT-UNSOLD?country=BR`);
    expect(abroad.status).toBe(200);
    const page = await signIn(browser!, platform, 'regulator');
    try {
      const section = page.getByRole('region', { name: 'Patients’ lookups' });
      const row = section.locator('tr.patient-lookup', { hasText: 'PT-UNSOLD' });
      await expect(row.textContent()).resolves.toMatch(/BR: 1/);
      await section.screenshot({ path: join(SCREENSHOTS, 'regulator-patient-lookups.png') });
    } finally {
      await page.context().close();
    }
  });
});
