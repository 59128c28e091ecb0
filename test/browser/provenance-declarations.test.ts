import type { Browser } from 'playwright-core';
import {
  EXPIRY,
  GTIN,
  launchChromium,
  signIn,
  startPlatform,
  type Platform,
  PATIENCE,
} from './support/platform';

// Deadlines follow the ledger (PATIENCE); what is asserted does not.
jest.setTimeout(PATIENCE.test);

const SERIAL = 'DECL1';

describe('a pack’s provenance on the regulator’s page', () => {
  let platform: Platform;
  let browser: Browser | undefined;

  beforeAll(async () => {
    platform = await startPlatform();
    await platform.registerProduct();
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-DECL',
      expiry: EXPIRY,
      serials: [SERIAL],
    });
    const shipment = await platform.api<{ id: string }>('manufacturer', 'POST', '/shipments', {
      to: platform.gln['pharmacist2'],
      items: [{ type: 'pack', gtin: GTIN, serial: SERIAL }],
    });
    await platform.api('manufacturer', 'POST', `/shipments/${shipment.id}/cancel`, {
      note: 'addressed to the wrong pharmacy',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await platform.stop();
  });

  it('marks the shipping of a cancelled shipment as declared in error', async () => {
    browser = await launchChromium();
    const page = await signIn(browser, platform, 'regulator');
    await page.getByLabel('Pack code').fill(`(01)${GTIN}(17)${EXPIRY}(10)LOT-DECL(21)${SERIAL}`);
    await page.getByRole('button', { name: 'Show history' }).click();
    const shipped = page.locator('.timeline .step-shipped');
    await shipped.waitFor();
    await expect(shipped.locator('.declared-error').innerText()).resolves.toMatch(
      /^Declared in error \(incorrect data\) on /,
    );
    // The commissioning was not declared in error.
    await expect(
      page.locator('.timeline .step-commissioned .declared-error').count(),
    ).resolves.toBe(0);
  });
});
