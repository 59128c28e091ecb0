import { request as httpRequest } from 'node:http';
import type { AddressInfo, Server } from 'node:net';
import { CONFIG_DEFAULTS } from '@packtrace/gateway-api';
import { FAILURES_PER_ACCOUNT } from '../src/auth/sign-in-limits';
import { PASSWORD, startGateway, type TestGateway } from './support/test-gateway';

/** The answer to one sign-in. */
interface Attempt {
  readonly status: number;
  readonly code: string | undefined;
  readonly retryAfter: string | undefined;
}

describe('sign-in limits: failures per account and per address, successes free', () => {
  const FAILURES_PER_ADDRESS = CONFIG_DEFAULTS.signInRatePerMinute;
  let gw: TestGateway;
  let server: Server;

  beforeAll(async () => {
    gw = await startGateway(FAILURES_PER_ADDRESS);
    server = gw.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await gw.stop();
  });

  /** Signs in from a loopback address of its own (all of 127.0.0.0/8 reaches the gateway). */
  function signIn(
    from: string,
    username: string,
    password: string,
    to: Server = server,
  ): Promise<Attempt> {
    const { port } = to.address() as AddressInfo;
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          localAddress: from,
          path: '/api/v1/auth/token',
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => {
            const body = JSON.parse(text) as { error?: { code: string } };
            const retryAfter = res.headers['retry-after'];
            resolve({ status: res.statusCode ?? 0, code: body.error?.code, retryAfter });
          });
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ username, password }));
    });
  }

  it('never limits successful sign-ins, however many', async () => {
    for (let i = 0; i < 3 * FAILURES_PER_ADDRESS; i += 1) {
      expect((await signIn('127.0.0.10', 'pharmacist', PASSWORD)).status).toBe(200);
    }
  });

  it('stops a guesser on one account without locking out its owner elsewhere or its neighbours', async () => {
    const attacker = '127.0.0.20';
    for (let i = 0; i < FAILURES_PER_ACCOUNT; i += 1) {
      expect(await signIn(attacker, 'pharmacist', `guess-${i}`)).toMatchObject({ status: 401 });
    }
    const stopped = await signIn(attacker, 'pharmacist', 'guess-next');
    expect(stopped).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(stopped.retryAfter)).toBeGreaterThan(0);
    // Even the right password, from the guesser's address: otherwise guessing would go on.
    expect((await signIn(attacker, 'pharmacist', PASSWORD)).status).toBe(429);
    // The account's owner at another address, and another account behind the guesser's address.
    expect((await signIn('127.0.0.21', 'pharmacist', PASSWORD)).status).toBe(200);
    expect((await signIn(attacker, 'pharmacist2', PASSWORD)).status).toBe(200);
  });

  it('stops an address trying many accounts, and only that address', async () => {
    const sprayer = '127.0.0.30';
    const statuses: number[] = [];
    for (let i = 0; i < FAILURES_PER_ADDRESS + 2; i += 1) {
      statuses.push((await signIn(sprayer, `nobody-${i}`, 'Winter2026!')).status);
    }
    expect(statuses.filter((status) => status === 401)).toHaveLength(FAILURES_PER_ADDRESS);
    expect(statuses.slice(FAILURES_PER_ADDRESS)).toEqual([429, 429]);
    expect((await signIn('127.0.0.31', 'regulator', PASSWORD)).status).toBe(200);
  });

  it('counts the failures one gateway saw on another sharing its database, as replicas do', async () => {
    const replica = await startGateway(FAILURES_PER_ADDRESS, { databaseUrl: gw.databaseUrl });
    const replicaServer = replica.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => replicaServer.once('listening', resolve));
    try {
      const guesser = '127.0.0.40';
      for (let i = 0; i < FAILURES_PER_ACCOUNT - 1; i += 1) {
        expect(await signIn(guesser, 'distributor', `guess-${i}`)).toMatchObject({ status: 401 });
      }
      // The last guess the account allows, on the other replica; then neither takes another.
      expect(await signIn(guesser, 'distributor', 'guess-last', replicaServer)).toMatchObject({
        status: 401,
      });
      expect(await signIn(guesser, 'distributor', PASSWORD, replicaServer)).toMatchObject({
        status: 429,
        code: 'RATE_LIMITED',
      });
      expect((await signIn(guesser, 'distributor', PASSWORD)).status).toBe(429);
      expect((await signIn('127.0.0.41', 'distributor', PASSWORD, replicaServer)).status).toBe(200);
    } finally {
      await new Promise((resolve) => replicaServer.close(resolve));
      await replica.stop();
    }
  });
});
