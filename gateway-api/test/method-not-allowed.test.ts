import request from 'supertest';
import { startGateway, type TestGateway } from './support/test-gateway';

describe('a method a path does not take', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => gw.stop());

  const bearer = () => `Bearer ${gw.tokens['regulator'] ?? ''}`;

  it.each([
    ['delete', '/api/v1/shipments/' + 'a'.repeat(64), 'GET, HEAD, OPTIONS'],
    ['put', '/api/v1/alerts', 'POST, GET, HEAD, OPTIONS'],
    ['get', '/api/v1/verify', 'POST, OPTIONS'],
    ['post', '/api/v1/events', 'GET, HEAD, OPTIONS'],
    ['get', '/api/v1/auth/token', 'POST, OPTIONS'],
  ] as const)('%s %s is 405 with Allow: %s', async (method, path, allow) => {
    const response = await request(gw.app)[method](path).set('Authorization', bearer());
    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe(allow);
    expect(response.body.error.code).toBe('METHOD_NOT_ALLOWED');
  });

  it('answers OPTIONS with what a path takes', async () => {
    const response = await request(gw.app)
      .options('/api/v1/shipments')
      .set('Authorization', bearer())
      .expect(204);
    expect(response.headers['allow']).toBe('POST, GET, HEAD, OPTIONS');
  });

  it('still answers 404 for a path the API does not serve', async () => {
    const response = await request(gw.app).delete('/api/v1/nowhere').set('Authorization', bearer());
    expect(response.status).toBe(404);
  });
});
