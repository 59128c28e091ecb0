import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  PASSWORD,
  SCREENSHOTS,
  launchChromium,
  signIn,
  startPlatform,
  type Platform,
  PATIENCE,
} from './support/platform';

/** Signs in by hand, for users whose password is not the demo one. */
async function openSignedOut(browser: Browser, platform: Platform): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    baseURL: platform.url,
  });
  const page = await context.newPage();
  await page.goto('/');
  return page;
}

async function submitSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

// Deadlines follow the ledger (PATIENCE); what is asserted does not.
jest.setTimeout(PATIENCE.test);

describe('an organisation’s administrator in the browser', () => {
  let platform: Platform;
  let browser: Browser | undefined;

  beforeAll(async () => {
    platform = await startPlatform();
  });
  afterEach(async () => {
    await browser?.close();
    browser = undefined;
  });
  afterAll(async () => platform.stop());

  it('adds a pharmacist who then signs in, resets a password, and disables the pharmacist', async () => {
    browser = await launchChromium();
    // Harbour Pharmacy's company administrator: it manages Harbour Pharmacy's users only.
    const admin = await signIn(browser, platform, 'pharmacy2-admin');
    await admin.getByRole('heading', { name: 'Your company’s users' }).waitFor();
    const users = admin.locator('.accounts li');
    await users.filter({ hasText: 'pharmacist2' }).waitFor();
    expect(await users.allTextContents()).toEqual([
      expect.stringContaining('pharmacist2 · Harbour Pharmacy'),
      expect.stringContaining('pharmacy2-admin · Harbour Pharmacy'),
    ]);

    // Add a pharmacist for Harbour Pharmacy.
    await admin.getByLabel('New username').fill('harbour-night');
    await admin.getByLabel('Initial password').fill('night shift 22');
    await admin.getByLabel('Acts for').selectOption(platform.gln['pharmacist2'] ?? '');
    await admin.getByRole('button', { name: 'Add user' }).click();
    await admin.getByText(/harbour-night added for Harbour Pharmacy/).waitFor();
    await users.filter({ hasText: 'harbour-night' }).filter({ hasText: 'active' }).waitFor();
    await admin.screenshot({ path: join(SCREENSHOTS, 'administrator.png'), fullPage: true });

    // The new pharmacist signs in and gets the pharmacy's page, as its party.
    const pharmacist = await openSignedOut(browser, platform);
    await submitSignIn(pharmacist, 'harbour-night', 'night shift 22');
    await pharmacist.getByText('Harbour Pharmacy · harbour-night').waitFor();

    // A new password for pharmacist2: the old one no longer signs in.
    await admin.getByRole('button', { name: 'Reset password of pharmacist2' }).click();
    await admin.getByLabel('New password for pharmacist2').fill('a fresh password');
    await admin.getByRole('button', { name: 'Set password', exact: true }).click();
    await admin.getByText('New password set for pharmacist2: signed out everywhere.').waitFor();
    const other = await openSignedOut(browser, platform);
    await submitSignIn(other, 'pharmacist2', PASSWORD);
    await other.locator('p.status', { hasText: 'Unknown username or wrong password.' }).waitFor();

    // Disabling signs the pharmacist out everywhere: the open page's next call is refused.
    await admin.getByRole('button', { name: 'Disable harbour-night' }).click();
    await admin.getByText('harbour-night is disabled: signed out everywhere').waitFor();
    await users.filter({ hasText: 'harbour-night' }).filter({ hasText: 'disabled' }).waitFor();
    await pharmacist.reload();
    await pharmacist.getByRole('heading', { name: 'Sign in' }).waitFor();
    await submitSignIn(pharmacist, 'harbour-night', 'night shift 22');
    await pharmacist.locator('p.status', { hasText: /this account is disabled/ }).waitFor();
  });

  it('shows a refusal in words and adds nobody when the name is taken', async () => {
    browser = await launchChromium();
    const admin = await signIn(browser, platform, 'pharmacy2-admin');
    await admin.locator('.accounts li').first().waitFor();
    const before = await admin.locator('.accounts li').count();
    await admin.getByLabel('New username').fill('pharmacist');
    await admin.getByLabel('Initial password').fill('long enough');
    await admin.getByLabel('Acts for').selectOption(platform.gln['pharmacist2'] ?? '');
    await admin.getByRole('button', { name: 'Add user' }).click();
    await admin
      .locator('p.status', { hasText: "a user named 'pharmacist' exists already" })
      .waitFor();
    expect(await admin.locator('.accounts li').count()).toBe(before);
    // Another organisation's parties are not offered.
    const offered = await admin.getByLabel('Acts for').locator('option').allTextContents();
    expect(offered.join(' ')).not.toContain('Medi Wholesale');
  });
});
