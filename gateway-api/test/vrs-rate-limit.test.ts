/**
 * Issue 20, item 6: every GS1 verification request is a ledger write, so a requestor may make
 * only so many a minute, counted per requesting party over all its users, and is told so with
 * the status GS1's verification messaging gives for a responder that cannot answer now (503)
 * and when to come back (Retry-After). The connectivity check writes nothing and is not counted.
 * On whichever ledger LEDGER selects.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  checkConnectivity,
  requestVerification,
  type RequestorSettings,
  type UriForm,
} from '../../test/vrs/requestor';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const LOT = 'LOT-VRSRATE';
const SERIAL = 'VR1';
/** Verification requests a party may make a minute in this suite. */
const PER_MINUTE = 3;

describe('GS1 verification requests beyond a party’s allowance', () => {
  let gw: TestGateway;
  let server: Server;
  let base: string;

  const requestor = (username: string): RequestorSettings => ({
    responderBase: base,
    reqGLN: gw.gln[username] ?? '',
    headers: { Authorization: `Bearer ${gw.tokens[username] ?? ''}` },
  });
  const ask = (username: string, form: UriForm = 'digital-link') =>
    requestVerification(
      requestor(username),
      { gtin: GTIN, lot: LOT, serial: SERIAL, expiry: EXPIRY },
      { context: 'dscsaSaleableReturn', corrUUID: randomUUID(), form },
    );
  const history = async () =>
    (
      (await as(gw, 'regulator').get(`/packs/${GTIN}/${SERIAL}/history`).expect(200)).body as {
        events: unknown[];
      }
    ).events.length;

  beforeAll(async () => {
    gw = await startGateway(undefined, { verifyRatePerMinute: PER_MINUTE });
    server = createServer(gw.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/vrs`;
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: LOT, expiry: EXPIRY, serials: [SERIAL] })
      .expect(201);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await gw.stop();
  });

  it('answers 503 with Retry-After once the party has asked its allowance this minute, recording nothing more', async () => {
    const before = await history();
    for (let i = 0; i < PER_MINUTE; i += 1) {
      expect((await ask('distributor')).status).toBe(200);
    }
    expect(await history()).toBe(before + PER_MINUTE);
    const height = await gw.height();

    const uri = `${base}/01/${GTIN}/10/${LOT}/21/${SERIAL}?17=${EXPIRY}&linkType=verificationService&context=dscsaSaleableReturn&reqGLN=${gw.gln['distributor'] ?? ''}&corrUUID=${randomUUID()}`;
    const limited = await fetch(uri, { headers: requestor('distributor').headers });
    expect(limited.status).toBe(503);
    const retryAfter = Number(limited.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    // The other URI form, and the party's other users, draw on the same allowance.
    expect((await ask('distributor', 'short-names')).status).toBe(503);
    expect((await ask('distributor-admin')).status).toBe(503);

    expect(await history()).toBe(before + PER_MINUTE);
    expect(await gw.height()).toBe(height);
  });

  it('leaves other parties, the connectivity check and the user’s own verifications alone', async () => {
    expect((await ask('pharmacist')).status).toBe(200);
    expect(await checkConnectivity(requestor('distributor'), GTIN, 'dscsaSaleableReturn')).toEqual({
      status: 200,
      responderGLN: gw.gln['manufacturer'],
    });
    await as(gw, 'distributor')
      .post('/verify', { code: `(01)${GTIN}(17)${EXPIRY}(10)${LOT}(21)${SERIAL}` })
      .expect(200);
  });
});
