import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { consortium } from '@packtrace/consortium';
import { expiryOfDate } from '@packtrace/gs1';
import { CONFIG_DEFAULTS } from '@packtrace/gateway-api';
import { selectedLedger } from '../../support/scenario-ledger';
import { openSelectedGateway } from '../../support/selected-gateway';

export const PASSWORD = 'browser-test-password';
export const GTIN = '09506000134352';

/** A batch expiry two years from today, so the suites hold whatever day they run. */
export const EXPIRY = expiryOfDate(new Date(Date.now() + 2 * 365 * 24 * 3600 * 1000));
const WEB_DIR = CONFIG_DEFAULTS.webDir;
/**
 * How long the browser suites wait, by ledger. On Fabric every write is endorsed by three
 * organisations' peers and waits for its block, and each 5,000-serial chunk of a large
 * commissioning job takes seconds to endorse; the same visible outcomes appear later than
 * on the embedded ledger, so only the deadlines differ, never what is asserted.
 */
export const PATIENCE =
  selectedLedger() === 'fabric'
    ? { test: 300_000, outcome: 60_000, largeJob: 240_000 }
    : { test: 60_000, outcome: 30_000, largeJob: 50_000 };

/** Debian's Chromium, installed by scripts/install-browser.sh (Playwright's own download cannot work here). */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * The gateway serving the built page on a free local port, on the ledger `LEDGER` selects (the
 * embedded ledger, or a fresh channel of the running Fabric network).
 */
export interface Platform {
  readonly url: string;
  readonly gln: Record<string, string>;
  /** Calls the API as a demo user (to set the scene). */
  api<T = unknown>(
    username: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T>;
  /** Registers GS1's example GTIN as the demo manufacturer's product. */
  registerProduct: () => Promise<void>;
  stop(): Promise<void>;
}

export async function startPlatform(): Promise<Platform> {
  if (!existsSync(join(WEB_DIR, 'index.html'))) {
    throw new Error('scanner-web is not built: run `npm run build -w scanner-web` (npm test does)');
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'packtrace-browser-'));
  const gateway = await openSelectedGateway({
    dataDir,
    password: PASSWORD,
    log: pino({ level: process.env['GATEWAY_TEST_LOG'] ?? 'silent' }),
    webDir: WEB_DIR,
    // Every test signs in afresh; the sign-in limit has its own API test.
    signInRatePerMinute: 1000,
  });
  const app = gateway.app;
  const server: Server = createServer(app).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const tokens = new Map<string, string>();
  const api = async <T>(
    username: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T> => {
    if (!tokens.has(username)) {
      const signIn = await fetch(`${url}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      tokens.set(username, ((await signIn.json()) as { token: string }).token);
    }
    // As a careful client does (docs/api.md): a write carries an Idempotency-Key, and an answer
    // that the ledger's outcome is unknown (504, e.g. ordering slower than its deadline on a
    // loaded machine) is settled by sending the same request again under the same key, which
    // the gateway answers from the ledger (or with 409 OUTCOME_PENDING and Retry-After).
    const idempotencyKey = method === 'GET' ? undefined : randomUUID();
    const send = () =>
      fetch(`${url}/api/v1${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${tokens.get(username) ?? ''}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    let response = await send();
    for (let retry = 0; idempotencyKey !== undefined && retry < 6; retry += 1) {
      // 409 with Retry-After: the first attempt may still commit (OUTCOME_PENDING); wait and ask.
      const wait = response.status === 409 ? Number(response.headers.get('Retry-After')) : NaN;
      if (response.status !== 504 && !(wait > 0)) {
        break;
      }
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, wait > 0 ? wait * 1000 : 0));
      response = await send();
    }
    const json = (await response.json()) as T;
    if (!response.ok)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const registerProduct = async (): Promise<void> => {
    await api('manufacturer', 'POST', '/products', {
      gtin: GTIN,
      name: 'Paracetamol 500 mg',
      form: 'film-coated tablet',
      strength: '500 mg',
      packSize: 20,
    });
  };
  return {
    url,
    registerProduct,
    gln: Object.fromEntries(consortium.users.map((user) => [user.username, user.party.gln])),
    api,
    stop: async () => {
      server.closeAllConnections();
      server.close();
      await gateway.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches Chromium headless; with a video file, the page's camera films it. */
export async function launchChromium(cameraVideo?: string): Promise<Browser> {
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  if (cameraVideo !== undefined) {
    args.push(
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${cameraVideo}`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args });
}

/**
 * Opens the page and signs in as a demo user. `prepare` runs on the new browser context before
 * the page opens (e.g. a route that must be in place before the camera's first read).
 */
export async function signIn(
  browser: Browser,
  platform: Platform,
  username: string,
  viewport = { width: 1280, height: 900 },
  prepare?: (context: BrowserContext) => Promise<unknown>,
): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    baseURL: platform.url,
    ...(username === 'pharmacist' || username === 'distributor' ? { permissions: ['camera'] } : {}),
  });
  context.setDefaultTimeout(PATIENCE.outcome);
  await prepare?.(context);
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // The signed-in header appears only once the role's view is shown.
  await page.locator('header.top').waitFor();
  return page;
}

/**
 * Where the browser tests put their screenshots: an ignored folder, so running the tests changes
 * no tracked file. `scripts/refresh-screenshots.sh` copies them over the ones docs/ shows.
 */
export const SCREENSHOTS = join(__dirname, '..', '..', '..', 'test-output', 'screenshots');
