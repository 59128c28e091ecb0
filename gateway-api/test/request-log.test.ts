import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { openEmbeddedGateway, type AssembledGateway } from '@packtrace/gateway-api';
import { testDatabaseUrl } from '../../test/support/test-database';
import { gatewayLogger } from '../src/http/request-log';

const PASSWORD = 'correct horse battery';
const COOKIE = 'session=cookie-secret-4711';

describe('the request log', () => {
  const lines: string[] = [];
  let gateway: AssembledGateway;
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'packtrace-log-'));
    const log = gatewayLogger({ level: 'info' }, { write: (line: string) => lines.push(line) });
    gateway = await openEmbeddedGateway({
      dataDir,
      databaseUrl: await testDatabaseUrl(),
      password: PASSWORD,
      log,
    });
    const signIn = await request(gateway.app)
      .post('/api/v1/auth/token')
      .send({ username: 'pharmacist', password: PASSWORD })
      .expect(200);
    token = (signIn.body as { token: string }).token;
    const bearer = { Authorization: `Bearer ${token}`, Cookie: COOKIE };
    await request(gateway.app).get('/api/v1/me').set(bearer).expect(200);
    await request(gateway.app).get('/api/v1/products/09506000134352').set(bearer).expect(404);
    await request(gateway.app)
      .get(`/api/v1/me?access_token=${token}&password=${encodeURIComponent(PASSWORD)}`)
      .set(bearer)
      .expect(400);
    await request(gateway.app)
      .post('/api/v1/auth/token')
      .send({ username: 'pharmacist', password: `${PASSWORD}!` })
      .expect(401);
    await request(gateway.app)
      .post('/api/v1/auth/token')
      .set('Content-Type', 'application/json')
      .send(`{"username":"pharmacist","password":"${PASSWORD}"`)
      .expect(400);
    // A failure inside a request logs its error too: a user whose key went missing.
    const distributor = await request(gateway.app)
      .post('/api/v1/auth/token')
      .send({ username: 'distributor', password: PASSWORD })
      .expect(200);
    await rm(join(dataDir, 'wallet', 'distributor', 'key.pem'));
    await request(gateway.app)
      .get('/api/v1/inventory')
      .set({ ...bearer, Authorization: `Bearer ${(distributor.body as { token: string }).token}` })
      .expect(500);
  });
  afterAll(async () => {
    await gateway.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('holds no bearer token, password or cookie in any line', () => {
    const text = lines.join('');
    expect(lines.length).toBeGreaterThanOrEqual(7);
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[2]);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('cookie-secret-4711');
    expect(text).not.toMatch(/bearer/i);
    expect(text).toContain('access_token=%5Bredacted%5D');
  });

  it('gives each request one short line: id, method, path, status, time; no headers', () => {
    const requests = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry['res'] !== undefined);
    expect(requests.length).toBeGreaterThanOrEqual(6);
    for (const entry of requests) {
      expect(Object.keys(entry['req'] as object).sort()).toEqual([
        'method',
        'remoteAddress',
        'url',
      ]);
      expect(Object.keys(entry['res'] as object)).toEqual(['statusCode']);
      expect(entry['reqId']).toEqual(expect.any(String));
    }
    const me = requests.find((entry) => (entry['req'] as { url: string }).url === '/api/v1/me');
    expect(me).toBeDefined();
    expect(JSON.stringify(me).length).toBeLessThan(300);
  });

  it('does not log successful probes', async () => {
    const before = lines.length;
    await request(gateway.app).get('/healthz').expect(200);
    await request(gateway.app).get('/readyz').expect(200);
    expect(lines.length).toBe(before);
  });

  it('censors credentials in whatever else is logged', () => {
    const captured: string[] = [];
    const log = gatewayLogger({ level: 'info' }, { write: (line: string) => captured.push(line) });
    log.info(
      {
        headers: { authorization: 'Bearer abc.def.ghi', cookie: COOKIE },
        body: { username: 'pharmacist', password: 'hunter2hunter2' },
        user: { token: 'abc.def.ghi' },
      },
      'something happened',
    );
    const text = captured.join('');
    expect(text).toContain('pharmacist');
    expect(text).not.toMatch(/abc\.def\.ghi|hunter2|cookie-secret/);
  });
});
