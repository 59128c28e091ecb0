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

jest.setTimeout(PATIENCE.test);

const HOUR = 3600 * 1000;
const packUri = (serial: string): string => `https://id.gs1.org/01/${GTIN}/21/${serial}`;

/** The receiver closes, from its page, a shipment its own system received in part over EPCIS. */
describe('closing a shipment received in part, in the browser', () => {
  let platform: Platform;
  let browser: Browser | undefined;

  beforeAll(async () => {
    platform = await startPlatform();
    await platform.registerProduct();
  });
  afterAll(async () => {
    await browser?.close();
    await platform.stop();
  });

  it('distributor: sees what its system received, closes the shipment, and the rest is reported missing', async () => {
    const serials = ['PC1', 'PC2', 'PC3'];
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-PC',
      expiry: `${EXPIRY.slice(0, 4)}00`,
      serials,
    });
    const shipment = await platform.api<{ id: string }>('manufacturer', 'POST', '/shipments', {
      to: platform.gln['distributor'],
      items: serials.map((serial) => ({ type: 'pack', gtin: GTIN, serial })),
    });
    // The distributor's own system receives one pack, item by item as EPCIS does.
    const eventTime = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR).toISOString();
    await platform.api('distributor', 'POST', '/epcis/capture', {
      '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: eventTime,
      epcisBody: {
        eventList: [
          {
            type: 'ObjectEvent',
            eventID: 'urn:uuid:3e2d1c0b-0000-4000-8000-000000000001',
            eventTime,
            eventTimeZoneOffset: '+00:00',
            action: 'OBSERVE',
            bizStep: 'receiving',
            disposition: 'active',
            epcList: [packUri('PC1')],
          },
        ],
      },
    });

    browser = await launchChromium();
    const page = await signIn(browser, platform, 'distributor');
    await page
      .locator('.shipments li', { hasText: '1 of 3 item(s) received' })
      .getByRole('button', { name: 'Close…' })
      .click();
    await page.getByText('2 item(s) have not been received.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Close shipment' }).click();
    await page.getByText('Closed: the missing items are reported to the regulator.').waitFor();

    const closed = await platform.api<{ status: string; missing: Array<{ serial: string }> }>(
      'distributor',
      'GET',
      `/shipments/${shipment.id}`,
    );
    expect(closed.status).toBe('received_with_discrepancy');
    expect(closed.missing.map((item) => item.serial)).toEqual(['PC2', 'PC3']);
  });
});
