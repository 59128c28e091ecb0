/**
 * The GS1 Lightweight Verification Messaging responder, driven through a real listener by a
 * requestor written from the standard's text alone (test/vrs/requestor.ts). The expected answers
 * follow the standard's reason and status tables, as quoted in docs/api.md's sources (GS1 US's
 * DSCSA implementation guideline, release 1.3).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  checkConnectivity,
  exchange,
  requestVerification,
  verificationRequestUri,
  type ProductIdentifier,
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
const LOT = 'LOT-VRS';
const OTHER_LOT = 'LOT-VRS2';
const CONTEXT = 'dscsaSaleableReturn';
/** Another valid expiry than the batch's: the day before it, in YYMMDD. */
const WRONG_EXPIRY = EXPIRY.endsWith('01') ? `${EXPIRY.slice(0, 4)}02` : `${EXPIRY.slice(0, 4)}01`;

const pack = (serial: string, lot = LOT, expiry = EXPIRY): ProductIdentifier => ({
  gtin: GTIN,
  lot,
  serial,
  expiry,
});
const items = (...serials: string[]) =>
  serials.map((serial) => ({ type: 'pack', gtin: GTIN, serial }));

describe('a GS1 verification request answered from the ledger', () => {
  let gw: TestGateway;
  let server: Server;
  let base: string;
  /** The requestor as each demo user's system, signed in as that user. */
  let requestor: (username: string) => RequestorSettings;

  beforeAll(async () => {
    gw = await startGateway();
    server = createServer(gw.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/vrs`;
    requestor = (username) => ({
      responderBase: base,
      reqGLN: gw.gln[username] ?? '',
      headers: { Authorization: `Bearer ${gw.tokens[username] ?? ''}` },
    });

    await registerProduct(gw);
    const manufacturer = as(gw, 'manufacturer');
    await manufacturer
      .post('/batches', {
        gtin: GTIN,
        lot: LOT,
        expiry: EXPIRY,
        serials: ['V1', 'V2', 'V3', 'V4', 'V5'],
      })
      .expect(201);
    await manufacturer
      .post('/batches', { gtin: GTIN, lot: OTHER_LOT, expiry: EXPIRY, serials: ['W1'] })
      .expect(201);
    // V1 and V5 go down the chain to the pharmacy; the rest stay with the manufacturer.
    const toDistributor = await manufacturer
      .post('/shipments', { to: gw.gln['distributor'], items: items('V1', 'V5') })
      .expect(201);
    await as(gw, 'distributor')
      .post(`/shipments/${toDistributor.body.id as string}/receive`, {
        received: items('V1', 'V5'),
      })
      .expect(200);
    const toPharmacy = await as(gw, 'distributor')
      .post('/shipments', { to: gw.gln['pharmacist'], items: items('V1', 'V5') })
      .expect(201);
    await as(gw, 'pharmacist')
      .post(`/shipments/${toPharmacy.body.id as string}/receive`, { received: items('V1', 'V5') })
      .expect(200);
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await gw.stop();
  });

  const verify = (
    username: string,
    identifier: ProductIdentifier,
    form: UriForm = 'digital-link',
  ) =>
    requestVerification(requestor(username), identifier, {
      context: CONTEXT,
      corrUUID: randomUUID(),
      form,
    });

  it.each<UriForm>(['digital-link', 'short-names'])(
    'verifies a saleable return the ledger still shows with the pharmacy (%s URI)',
    async (form) => {
      const corrUUID = randomUUID();
      const result = await requestVerification(requestor('distributor'), pack('V1'), {
        context: CONTEXT,
        corrUUID,
        form,
      });
      expect(result.problems).toEqual([]);
      expect(result.status).toBe(200);
      expect(result.response).toEqual({
        verificationTimestamp: expect.any(String) as string,
        responderGLN: gw.gln['manufacturer'],
        corrUUID,
        data: { verified: true },
      });
    },
  );

  it('records the request on the ledger for the regulator, raising no alert and holding nothing', async () => {
    const corrUUID = randomUUID();
    const before = await gw.height();
    const result = await requestVerification(requestor('distributor'), pack('V5'), {
      context: CONTEXT,
      corrUUID,
      form: 'digital-link',
    });
    expect(result.response?.data).toEqual({ verified: true });
    expect(await gw.height()).toBeGreaterThan(before);
    const history = await as(gw, 'regulator').get(`/packs/${GTIN}/V5/history`).expect(200);
    const entry = (
      history.body as { events: { subject: string; by: string; note?: string }[] }
    ).events.find((candidate) => (candidate.note ?? '').includes(corrUUID));
    expect(entry).toEqual(
      expect.objectContaining({
        subject: 'scan',
        by: gw.gln['distributor'],
        note: `verification request (${CONTEXT}, corrUUID ${corrUUID}): verified`,
      }),
    );
    const after = await as(gw, 'regulator').get(`/packs/${GTIN}/V5/history`).expect(200);
    expect((after.body as { pack: { status: string } }).pack.status).toBe('active');
    const alerts = await as(gw, 'regulator').get('/alerts').expect(200);
    expect((alerts.body as { count: number }).count).toBe(0);
  });

  it.each([
    ['an unknown serial', pack('NOPE'), 'No_match_GTIN_Serial'],
    ['a serial under another lot', pack('V2', OTHER_LOT), 'No_match_GTIN_Serial_Lot'],
    ['another expiry', pack('V2', LOT, WRONG_EXPIRY), 'No_match_GTIN_Serial_Expiry'],
    [
      'another lot and expiry',
      pack('V2', OTHER_LOT, WRONG_EXPIRY),
      'No_match_GTIN_Serial_Lot_Expiry',
    ],
  ])('does not verify %s: %s', async (_what, identifier, reason) => {
    const result = await verify('distributor', identifier);
    expect(result.problems).toEqual([]);
    expect(result.response?.data).toEqual({ verified: false, verificationFailureReason: reason });
  });

  it('verifies a recalled pack’s identifier and says it is recalled', async () => {
    await as(gw, 'manufacturer')
      .post(`/batches/${GTIN}/${OTHER_LOT}/recall`, { reason: 'contamination' })
      .expect(200);
    const result = await verify('pharmacist', pack('W1', OTHER_LOT));
    expect(result.problems).toEqual([]);
    expect(result.response?.data).toEqual({ verified: true, additionalInfo: 'Recalled' });
  });

  it('tells a pack under investigation as not for re-distribution, suspect', async () => {
    await as(gw, 'manufacturer')
      .post('/alerts', { gtin: GTIN, serial: 'V3', note: 'seal looks resealed' })
      .expect(201);
    const result = await verify('distributor', pack('V3'));
    expect(result.response?.data).toEqual({
      verified: false,
      verificationFailureReason: 'Not_for_re-distribution',
      additionalInfo: 'Suspect',
    });
  });

  it('tells a dispensed pack coming back as not for re-distribution, suspect', async () => {
    await as(gw, 'pharmacist').post(`/packs/${GTIN}/V1/dispense`).expect(200);
    const result = await verify('distributor', pack('V1'));
    expect(result.response?.data).toEqual({
      verified: false,
      verificationFailureReason: 'Not_for_re-distribution',
      additionalInfo: 'Suspect',
    });
  });

  it('answers 404 for a GTIN no manufacturer registered on the ledger', async () => {
    const result = await verify('distributor', { ...pack('V2'), gtin: '12345678901231' });
    expect(result.status).toBe(404);
  });

  describe('refuses with the standard’s statuses', () => {
    it('401 without a signed-in user', async () => {
      const uri = verificationRequestUri(requestor('distributor'), pack('V2'), {
        context: CONTEXT,
        corrUUID: randomUUID(),
        form: 'digital-link',
      });
      expect((await exchange(uri, { headers: {} }, '')).status).toBe(401);
    });

    it('403 when reqGLN is not the caller’s own party, recording nothing', async () => {
      const before = await gw.height();
      const impostor = { ...requestor('distributor'), reqGLN: gw.gln['pharmacist'] ?? '' };
      const result = await requestVerification(impostor, pack('V2'), {
        context: CONTEXT,
        corrUUID: randomUUID(),
        form: 'digital-link',
      });
      expect(result.status).toBe(403);
      expect(await gw.height()).toBe(before);
    });

    it('403 for the regulator, which is no trading partner', async () => {
      expect((await verify('regulator', pack('V2'))).status).toBe(403);
    });

    it.each([
      ['no correlation UUID', (uri: string) => uri.replace(/&corrUUID=[^&]*/, '')],
      ['another link type', (uri: string) => uri.replace('verificationService', 'pip')],
      [
        'a GTIN with a wrong check digit',
        (uri: string) => uri.replace(`/01/${GTIN}`, '/01/09506000134353'),
      ],
      ['no expiry', (uri: string) => uri.replace(/\?17=[^&]*&/, '?')],
    ])('400 for a malformed request: %s', async (_what, spoil) => {
      const uri = verificationRequestUri(requestor('distributor'), pack('V2'), {
        context: CONTEXT,
        corrUUID: randomUUID(),
        form: 'digital-link',
      });
      const spoilt = spoil(uri);
      expect(spoilt).not.toBe(uri);
      expect((await exchange(spoilt, requestor('distributor'), '')).status).toBe(400);
    });
  });

  describe('checkConnectivity', () => {
    it('answers the GTIN’s responder GLN, verifying and recording nothing', async () => {
      const before = await gw.height();
      expect(await checkConnectivity(requestor('pharmacist'), GTIN, CONTEXT)).toEqual({
        status: 200,
        responderGLN: gw.gln['manufacturer'],
      });
      expect(await gw.height()).toBe(before);
    });

    it('answers 404 for a GTIN unknown to the ledger and 403 for another party’s GLN', async () => {
      expect(
        (await checkConnectivity(requestor('pharmacist'), '12345678901231', CONTEXT)).status,
      ).toBe(404);
      const impostor = { ...requestor('pharmacist'), reqGLN: gw.gln['distributor'] ?? '' };
      expect((await checkConnectivity(impostor, GTIN, CONTEXT)).status).toBe(403);
    });
  });

  it('refuses a trading partner the regulator suspended (403), for both calls', async () => {
    await as(gw, 'regulator')
      .post(`/parties/${gw.gln['pharmacist2'] ?? ''}/suspend`, { reason: 'licence lapsed' })
      .expect(200);
    expect((await verify('pharmacist2', pack('V2'))).status).toBe(403);
    expect((await checkConnectivity(requestor('pharmacist2'), GTIN, CONTEXT)).status).toBe(403);
  });
});
