import type { Browser } from 'playwright-core';
import {
  GTIN,
  PATIENCE,
  launchChromium,
  signIn,
  startPlatform,
  type Platform,
} from './support/platform';

jest.setTimeout(PATIENCE.test);

const LEAFLET = 'https://leaflets.example.com/paracetamol/en.pdf';

describe("the manufacturer's page sets the links the consortium's resolver answers", () => {
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

  it('adds a leaflet, which the resolver then redirects to, and removes it', async () => {
    browser = await launchChromium();
    const page = await signIn(browser, platform, 'manufacturer');
    const form = page.locator('form.product-links-form');
    await form.getByRole('button', { name: 'Show links' }).click();
    await form.getByText(`Links of ${GTIN} loaded.`).waitFor();
    await form.getByText('No links').waitFor();

    await form.getByLabel('Link type').selectOption('gs1:epil');
    await form.getByLabel('Address').fill(LEAFLET);
    await form.getByLabel('Title').fill('Patient leaflet');
    await form.getByLabel('Language').fill('en');
    await form.getByLabel('Media type').fill('application/pdf');
    await form.getByRole('button', { name: 'Add link' }).click();
    await form.getByText('Link added: Patient leaflet.').waitFor();
    await form.getByText(`gs1:epil (en): Patient leaflet → ${LEAFLET}`).waitFor();

    // What a phone's browser meets: the resolver's redirect to the leaflet.
    const resolved = await fetch(`${platform.url}/01/${GTIN}?linkType=gs1:epil`, {
      redirect: 'manual',
    });
    expect(resolved.status).toBe(307);
    expect(resolved.headers.get('location')).toBe(LEAFLET);

    // The ledger refuses a link the page lets through (plain http), and nothing changes.
    await form.getByLabel('Address').fill('http://leaflets.example.com/x.pdf');
    await form.getByLabel('Language').fill('fr');
    await form.getByRole('button', { name: 'Add link' }).click();
    await form.locator('.status.error').waitFor();

    await form.getByRole('button', { name: 'Remove Patient leaflet' }).click();
    await form.getByText('Link removed.').waitFor();
    const links = await platform.api<{ links: unknown[] }>(
      'manufacturer',
      'GET',
      `/products/${GTIN}/links`,
    );
    expect(links.links).toEqual([]);
  });
});
