import type { Browser } from 'playwright-core';
import {
  EXPIRY,
  GTIN,
  PATIENCE,
  launchChromium,
  signIn,
  startPlatform,
  type Platform,
} from './support/platform';

// Deadlines follow the ledger (PATIENCE); what is asserted does not. Overdue is shown for the
// moment typed into the page, taken from the request's own due time, never from today's date.
jest.setTimeout(PATIENCE.test);

interface ListedRequest {
  incident: string;
  requestedAt: string;
  dueAt: string;
}

describe('a pharmacy asks for a trace; the regulator sees it open and overdue; the manufacturer answers', () => {
  let platform: Platform;
  let browser: Browser | undefined;
  const INCIDENT = 'INC-BROWSER-7';

  beforeAll(async () => {
    platform = await startPlatform();
    await platform.registerProduct();
    await platform.api('manufacturer', 'POST', '/batches', {
      gtin: GTIN,
      lot: 'LOT-TR',
      expiry: EXPIRY,
      serials: ['T1'],
    });
    const shipment = await platform.api<{ id: string }>('manufacturer', 'POST', '/shipments', {
      to: platform.gln['pharmacist'],
      items: [{ type: 'pack', gtin: GTIN, serial: 'T1' }],
    });
    await platform.api('pharmacist', 'POST', `/shipments/${shipment.id}/receive`, {
      received: [{ type: 'pack', gtin: GTIN, serial: 'T1' }],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await platform.stop();
  });

  it('records the pharmacy’s request from its page and walks the regulator through it', async () => {
    browser = await launchChromium();
    const pharmacy = await signIn(browser, platform, 'pharmacist');
    const form = pharmacy.locator('form.trace-request-form');
    await form.getByLabel('GTIN').fill(GTIN);
    await form.getByLabel('Serial number').fill('T1');
    // A partner may give only the reasons it may ask for.
    expect(await form.getByLabel('Reason').locator('option').allInnerTexts()).toEqual([
      'suspect',
      'illegitimate',
    ]);
    await form.getByLabel('Reason').selectOption('suspect');
    await form.getByLabel('Incident number').fill(INCIDENT);
    await form.getByRole('button', { name: 'Send trace request' }).click();
    await form.getByText(`Trace request ${INCIDENT} recorded`).waitFor();

    // Its clock, as the ledger recorded it.
    const listed = await platform.api<{ items: ListedRequest[] }>(
      'regulator',
      'GET',
      `/trace-requests?status=open&asOf=${encodeURIComponent(new Date(0).toISOString())}`,
    );
    const request = listed.items.find((item) => item.incident === INCIDENT);
    expect(request).toBeDefined();
    const { requestedAt, dueAt } = request as ListedRequest;

    const regulator = await signIn(browser, platform, 'regulator');
    const section = regulator.locator('section.trace-requests');
    const row = section.locator('tr.trace-request', { hasText: INCIDENT });
    await section.getByLabel('As of (UTC)').fill(requestedAt);
    await section.getByRole('button', { name: 'List requests' }).click();
    await row.filter({ hasText: 'Open' }).waitFor();
    expect(await row.innerText()).toContain('Central Pharmacy');

    await section.getByLabel('Show').selectOption('overdue');
    await section.getByLabel('As of (UTC)').fill(new Date(Date.parse(dueAt) + 1000).toISOString());
    await section.getByRole('button', { name: 'List requests' }).click();
    await row.filter({ hasText: 'Overdue' }).waitFor();

    // The manufacturer answers from its own page, where the request addressed to it waits.
    const manufacturer = await signIn(browser, platform, 'manufacturer');
    const toAnswer = manufacturer
      .locator('section.partner-trace-requests tr.trace-request', { hasText: INCIDENT })
      .filter({ hasText: 'Central Pharmacy' });
    await toAnswer.getByRole('button', { name: 'Answer' }).click();
    await manufacturer.getByText(`Answered ${INCIDENT}, on time.`).waitFor();

    await section.getByLabel('Show').selectOption('answered');
    await section.getByRole('button', { name: 'List requests' }).click();
    await row.filter({ hasText: 'Answered on time' }).waitFor();
    await row.getByRole('button', { name: 'Show answer' }).click();
    await section.getByText(`Answer to ${INCIDENT}`).waitFor();
    expect(await section.locator('.trace-owners li').allInnerTexts()).toEqual([
      'Acme Pharma',
      'Central Pharmacy',
    ]);

    // The pharmacy sees the answer too, on its own page, as a partner may.
    const pharmacyAgain = await signIn(browser, platform, 'pharmacist');
    const mine = pharmacyAgain.locator('section.partner-trace-requests');
    const answeredRow = mine.locator('tr.trace-request', { hasText: INCIDENT });
    await answeredRow.filter({ hasText: 'Answered on time' }).waitFor();
    await answeredRow.getByRole('button', { name: 'Show answer' }).click();
    await mine.getByText(`Answer to ${INCIDENT}`).waitFor();
    expect(await mine.locator('.trace-owners li').allInnerTexts()).toEqual([
      'Acme Pharma',
      'Central Pharmacy',
    ]);
  });
});
