import request from 'supertest';
import {
  EXPIRY,
  as,
  startGateway,
  registerProduct,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

describe('refusals: the right status, a stable code, a sentence, and nothing written', () => {
  let gw: TestGateway;
  let height: number;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'L1', expiry: EXPIRY, serials: ['A', 'B'] })
      .expect(201);
  });
  afterAll(async () => gw.stop());
  beforeEach(async () => {
    height = await gw.height();
  });

  async function expectNothingWritten(): Promise<void> {
    expect(await gw.height()).toBe(height);
  }

  it.each([
    ['no token', (g: TestGateway) => request(g.app).get('/api/v1/me'), 401, 'UNAUTHENTICATED'],
    [
      'a forged token',
      (g: TestGateway) =>
        request(g.app)
          .get('/api/v1/me')
          .set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJyZWd1bGF0b3IifQ.'),
      401,
      'UNAUTHENTICATED',
    ],
    [
      'a wrong password',
      (g: TestGateway) =>
        request(g.app).post('/api/v1/auth/token').send({ username: 'regulator', password: 'nope' }),
      401,
      'INVALID_CREDENTIALS',
    ],
    [
      'a pharmacist registering a product',
      (g: TestGateway) =>
        as(g, 'pharmacist').post('/products', {
          gtin: GTIN,
          name: 'X',
          form: 'f',
          strength: 's',
          packSize: 1,
        }),
      403,
      'ROLE_FORBIDDEN',
    ],
    [
      'a product that does not exist',
      (g: TestGateway) => as(g, 'pharmacist').get('/products/09506000134369'),
      404,
      'PRODUCT_NOT_FOUND',
    ],
    [
      'a product registered twice',
      (g: TestGateway) =>
        as(g, 'manufacturer').post('/products', {
          gtin: GTIN,
          name: 'P',
          form: 'tablet',
          strength: '1 mg',
          packSize: 10,
        }),
      409,
      'PRODUCT_EXISTS',
    ],
    [
      'a serial under another batch',
      (g: TestGateway) =>
        as(g, 'manufacturer').post('/batches', {
          gtin: GTIN,
          lot: 'L2',
          expiry: EXPIRY,
          serials: ['A'],
        }),
      409,
      'SERIAL_IN_OTHER_BATCH',
    ],
    [
      'dispensing a pack the pharmacy never received',
      (g: TestGateway) => as(g, 'pharmacist').post(`/packs/${GTIN}/A/dispense`),
      422,
      'NOT_IN_CUSTODY',
    ],
    [
      'a malformed code',
      (g: TestGateway) => as(g, 'pharmacist').post('/verify', { code: '(01)09506000134353(21)A' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown field',
      (g: TestGateway) =>
        as(g, 'pharmacist').post('/verify', { code: `(01)${GTIN}(21)A`, admin: true }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a wrong type',
      (g: TestGateway) =>
        as(g, 'manufacturer').post('/products', {
          gtin: GTIN,
          name: 'P',
          form: 'f',
          strength: 's',
          packSize: '10',
        }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a NUL in a path',
      (g: TestGateway) => as(g, 'pharmacist').get(`/packs/${GTIN}/A%00B`),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a key separator in a lot',
      (g: TestGateway) =>
        as(g, 'manufacturer').post('/batches', {
          gtin: GTIN,
          lot: 'L\u0000X',
          expiry: EXPIRY,
          serials: ['Z'],
        }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an injection attempt as an id',
      (g: TestGateway) => as(g, 'regulator').get("/alerts/1' OR '1'='1"),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown query parameter',
      (g: TestGateway) => as(g, 'regulator').get('/alerts?status=open&drop=1'),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'both serials and count',
      (g: TestGateway) =>
        as(g, 'manufacturer').post('/batches', {
          gtin: GTIN,
          lot: 'L3',
          expiry: EXPIRY,
          serials: ['Q'],
          count: 3,
        }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'an unknown endpoint',
      (g: TestGateway) => as(g, 'regulator').get('/nowhere'),
      404,
      'NOT_FOUND',
    ],
  ])('refuses %s', async (_label, send, status, code) => {
    const response = await send(gw);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message.length).toBeGreaterThan(10);
    await expectNothingWritten();
  });

  it('names the GS1 part that was wrong', async () => {
    const response = await as(gw, 'pharmacist')
      .post('/verify', { code: '(01)09506000134353(21)A' })
      .expect(400);
    expect(response.body.error.details.issues[0]).toMatchObject({
      path: 'code',
      gs1Code: 'INVALID_GTIN',
      field: 'gtin',
    });
  });

  it('refuses malformed JSON and oversized bodies', async () => {
    const malformed = await request(gw.app)
      .post('/api/v1/verify')
      .set('Authorization', `Bearer ${gw.tokens['pharmacist'] ?? ''}`)
      .set('Content-Type', 'application/json')
      .send('{"code": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('MALFORMED_JSON');
    const big = await as(gw, 'pharmacist').post('/verify', { code: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('BODY_TOO_LARGE');
  });
});
