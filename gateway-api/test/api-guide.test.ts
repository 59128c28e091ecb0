import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import {
  as,
  registerProduct,
  startGateway,
  EXPIRY,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

/** The cell of a row of docs/api.md's "Behaviour common to every route" table. */
function guideRow(name: string): string {
  const text = readFileSync(join(__dirname, '..', '..', 'docs', 'api.md'), 'utf8');
  const line = text.split('\n').find((row) => row.startsWith(`| ${name} `));
  if (line === undefined) {
    throw new Error(`docs/api.md has no row ${name}`);
  }
  return line;
}

describe('docs/api.md and the OpenAPI summaries say what the API does', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
  });
  afterAll(async () => gw.stop());

  it('lists, for bad input, exactly the codes the API answers', async () => {
    const badCode = await as(gw, 'pharmacist')
      .post('/verify', { code: `(01)09506000134353(17)${EXPIRY}(21)X1` })
      .expect(400);
    const issue = (badCode.body.error.details.issues as Array<Record<string, string>>)[0];
    const malformed = await request(gw.app)
      .post('/api/v1/verify')
      .set('Authorization', `Bearer ${gw.tokens['pharmacist'] ?? ''}`)
      .set('Content-Type', 'application/json')
      .send('{"code":')
      .expect(400);
    const answered = new Set([
      badCode.body.error.code as string,
      issue?.['gs1Code'] ?? 'no gs1Code',
      malformed.body.error.code as string,
    ]);
    expect(answered).toEqual(new Set(['VALIDATION_FAILED', 'INVALID_GTIN', 'MALFORMED_JSON']));

    const badInput = /400 bad input \((.*?)\), 401/.exec(guideRow('Errors'))?.[1] ?? '';
    expect(badInput).toContain('`gs1Code`');
    const listed = [...badInput.matchAll(/`([A-Z_]+)`/g)].map((match) => match[1]);
    expect(listed.filter((code) => !answered.has(code ?? ''))).toEqual([]);
    expect([...answered].filter((code) => !listed.includes(code))).toEqual([]);
  });

  it('shows the regulator the open alerts unless it asks for another status, as GET /alerts says', async () => {
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'AG', expiry: EXPIRY, serials: ['AG1', 'AG2'] })
      .expect(201);
    const open = await as(gw, 'manufacturer')
      .post('/alerts', { gtin: GTIN, serial: 'AG1', note: 'odd print' })
      .expect(201);
    const cleared = await as(gw, 'manufacturer')
      .post('/alerts', { gtin: GTIN, serial: 'AG2', note: 'odd seal' })
      .expect(201);
    await as(gw, 'regulator')
      .post(`/alerts/${cleared.body.id as string}/resolve`, { outcome: 'cleared', note: 'fine' })
      .expect(200);
    const ids = async (query: string) =>
      (
        (await as(gw, 'regulator').get(`/alerts${query}`).expect(200)).body.items as Array<{
          id: string;
        }>
      ).map((alert) => alert.id);
    expect(await ids('')).toEqual([open.body.id]);
    expect(await ids('?status=cleared')).toEqual([cleared.body.id]);

    const document = await request(gw.app).get('/openapi.json').expect(200);
    const summary = document.body.paths['/api/v1/alerts'].get.summary as string;
    expect(summary).toMatch(/open unless `status` names another/);
    expect(summary).not.toMatch(/all of them/);
  });
});
