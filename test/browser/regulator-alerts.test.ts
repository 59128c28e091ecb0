import type { Browser } from 'playwright-core';
import {
  GTIN,
  launchChromium,
  signIn,
  startPlatform,
  type Platform,
  PATIENCE,
} from './support/platform';

// Deadlines follow the ledger (PATIENCE); what is asserted does not.
jest.setTimeout(PATIENCE.test);

/** Flags one party raised about serials that were never made: a flood, in small. */
const FLOOD = 5;

describe('the regulator’s open alerts under a flood of flags', () => {
  let platform: Platform;
  let browser: Browser | undefined;

  beforeAll(async () => {
    platform = await startPlatform();
    for (let i = 0; i < FLOOD; i += 1) {
      await platform.api('pharmacist2', 'POST', '/alerts', {
        gtin: GTIN,
        serial: `FLOOD${i}`,
        note: `invented serial ${i}`,
      });
    }
    await platform.api('pharmacist', 'POST', '/alerts', {
      gtin: GTIN,
      serial: 'REAL1',
      note: 'the one that matters',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await platform.stop();
  });

  it('shows the flood as one line per reporter and reason, and lists one reporter’s alerts alone', async () => {
    browser = await launchChromium();
    const page = await signIn(browser, platform, 'regulator');
    const rows = page.locator('.alert-groups tbody tr');
    await rows.nth(1).waitFor();
    expect(await rows.allInnerTexts()).toEqual([
      expect.stringMatching(/^Harbour Pharmacy\s+Unknown pack\s+5\s+Show only these$/),
      expect.stringMatching(/^Central Pharmacy\s+Unknown pack\s+1\s+Show only these$/),
    ]);
    await page.locator('.alert-item').nth(FLOOD).waitFor();

    await rows
      .filter({ hasText: 'Central Pharmacy' })
      .getByRole('button', { name: 'Show only these' })
      .click();
    await page.getByText('Showing the open alerts raised by Central Pharmacy').waitFor();
    await expect(page.locator('.alert-item').allInnerTexts()).resolves.toEqual([
      expect.stringContaining('the one that matters'),
    ]);

    await page.getByLabel('Reported by').selectOption({ label: 'Harbour Pharmacy' });
    await page.getByText('Showing the open alerts raised by Harbour Pharmacy').waitFor();
    await page
      .locator('.alert-item')
      .nth(FLOOD - 1)
      .waitFor();
    const flood = await page.locator('.alert-item').allInnerTexts();
    expect(flood).toHaveLength(FLOOD);
    expect(flood.every((text) => text.includes('invented serial'))).toBe(true);

    await page.getByRole('button', { name: 'Show all' }).click();
    await page.locator('.alert-item').nth(FLOOD).waitFor();
    expect(await page.locator('.alert-item').count()).toBe(FLOOD + 1);
  });
});
