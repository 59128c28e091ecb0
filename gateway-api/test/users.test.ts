import { randomBytes, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import {
  EXPIRY,
  PASSWORD,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const HARBOUR_PHARMACY = '9506000000053';
const MEDI_WHOLESALE = '9506000000039';

/** Usernames unique per run: on Fabric the organisations' CAs outlive every test gateway. */
function newUsername(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

async function signIn(app: Express, username: string, password: string) {
  return request(app).post('/api/v1/auth/token').send({ username, password });
}

async function tokenOf(app: Express, username: string, password: string): Promise<string> {
  const response = await signIn(app, username, password);
  expect(response.status).toBe(200);
  return (response.body as { token: string }).token;
}

/** Requests with a bearer token of the test's own making. */
function bearer(app: Express, token: string) {
  const auth = { Authorization: `Bearer ${token}` };
  return {
    get: (path: string) => request(app).get(`/api/v1${path}`).set(auth),
    post: (path: string, body?: object) => request(app).post(`/api/v1${path}`).set(auth).send(body),
  };
}

function errorCode(response: request.Response): string | undefined {
  return (response.body as { error?: { code: string } }).error?.code;
}

/** Who raised the alert a recorded scan raised, as the regulator reads it from the ledger. */
async function raisedBy(gw: TestGateway, scan: request.Response): Promise<string> {
  const alertId = (scan.body as { scan: { alertId: string } }).scan.alertId;
  const alert = await as(gw, 'regulator').get(`/alerts/${alertId}`).expect(200);
  return (alert.body as { raisedBy: string }).raisedBy;
}

async function usernames(gw: TestGateway, admin: string): Promise<string[]> {
  const list = await as(gw, admin).get('/users').expect(200);
  return (list.body as { items: Array<{ username: string }> }).items.map((user) => user.username);
}

describe('company administrators manage their own company’s users', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    // Sign-in is what this suite is about: far more often than the limit of one address allows.
    gw = await startGateway(1000);
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'LOT-U', expiry: EXPIRY, serials: ['U1', 'U2'] })
      .expect(201);
  });
  afterAll(async () => gw.stop());

  it('lists the users of the administrator’s own company only', async () => {
    const list = await as(gw, 'pharmacy2-admin').get('/users').expect(200);
    expect(list.body.items).toEqual([
      {
        username: 'pharmacist2',
        role: 'pharmacy',
        gln: HARBOUR_PHARMACY,
        admin: false,
        disabled: false,
      },
      {
        username: 'pharmacy2-admin',
        role: 'pharmacy',
        gln: HARBOUR_PHARMACY,
        admin: true,
        disabled: false,
      },
    ]);
    const me = await as(gw, 'pharmacy2-admin').get('/me').expect(200);
    expect(me.body).toMatchObject({ admin: true, mspId: 'PharmacyMSP', gln: HARBOUR_PHARMACY });
  });

  it('adds a pharmacist who signs in and acts on the ledger for its party with its own certificate', async () => {
    const username = newUsername('harbour');
    const added = await as(gw, 'pharmacy2-admin')
      .post('/users', { username, password: 'harbour password 1', gln: HARBOUR_PHARMACY })
      .expect(201);
    expect(added.body).toEqual({
      username,
      role: 'pharmacy',
      gln: HARBOUR_PHARMACY,
      admin: false,
      disabled: false,
    });

    // Enrolled by the pharmacy organisation's CA, with the party's role and GLN inside.
    const wallet = join(gw.dataDir, 'wallet', username);
    const certificate = new X509Certificate(await readFile(join(wallet, 'cert.pem')));
    expect(certificate.subject).toContain(`CN=${username}`);
    expect((await readFile(join(wallet, 'mspid'), 'utf8')).trim()).toBe('PharmacyMSP');
    const raw = certificate.raw.toString('latin1');
    expect(raw).toContain('"role":"pharmacy"');
    expect(raw).toContain(`"gln":"${HARBOUR_PHARMACY}"`);
    const pharmacistCertificate = new X509Certificate(
      await readFile(join(gw.dataDir, 'wallet', 'pharmacist', 'cert.pem')),
    );
    expect(certificate.issuer).toBe(pharmacistCertificate.issuer);

    const token = await tokenOf(gw.app, username, 'harbour password 1');
    const me = await bearer(gw.app, token).get('/me').expect(200);
    expect(me.body).toMatchObject({
      username,
      role: 'pharmacy',
      gln: HARBOUR_PHARMACY,
      admin: false,
      party: { name: 'Harbour Pharmacy' },
    });
    const scan = await bearer(gw.app, token)
      .post('/scans', { code: `(01)${GTIN}(17)${EXPIRY}(10)LOT-U(21)U1` })
      .expect(201);
    // Harbour Pharmacy never received the pack: the ledger raises a diversion alert, raised by
    // the party the new user's certificate names.
    await expect(raisedBy(gw, scan)).resolves.toBe(HARBOUR_PHARMACY);
    expect(await usernames(gw, 'pharmacy2-admin')).toContain(username);
  });

  it('refuses another organisation’s administrator and changes nothing', async () => {
    const height = await gw.height();
    const reset = await as(gw, 'distributor-admin')
      .post('/users/pharmacist/password', { password: 'taken over 1' })
      .expect(403);
    expect(errorCode(reset)).toBe('USER_IN_OTHER_ORGANISATION');
    const disable = await as(gw, 'distributor-admin').post('/users/pharmacist/disable').expect(403);
    expect(errorCode(disable)).toBe('USER_IN_OTHER_ORGANISATION');
    const username = newUsername('intruder');
    const add = await as(gw, 'distributor-admin')
      .post('/users', { username, password: 'intruder password', gln: HARBOUR_PHARMACY })
      .expect(422);
    expect(errorCode(add)).toBe('PARTY_NOT_IN_ORGANISATION');

    await as(gw, 'pharmacist').get('/me').expect(200);
    await tokenOf(gw.app, 'pharmacist', PASSWORD);
    expect((await signIn(gw.app, username, 'intruder password')).status).toBe(401);
    expect(await usernames(gw, 'distributor-admin')).not.toContain(username);
    expect(await usernames(gw, 'distributor-admin')).not.toContain('pharmacist');
    expect(await gw.height()).toBe(height);
  });

  it('refuses users who are no administrator', async () => {
    for (const username of ['pharmacist', 'regulator', 'distributor']) {
      const list = await as(gw, username).get('/users').expect(403);
      expect(errorCode(list)).toBe('NOT_AN_ADMINISTRATOR');
    }
    const reset = await as(gw, 'pharmacist')
      .post('/users/pharmacist2/password', { password: 'taken over 1' })
      .expect(403);
    expect(errorCode(reset)).toBe('NOT_AN_ADMINISTRATOR');
    await tokenOf(gw.app, 'pharmacist2', PASSWORD);
  });

  it('ends every token and the old password at once when a password is reset, also after a restart', async () => {
    const username = newUsername('reset');
    await as(gw, 'distributor-admin')
      .post('/users', { username, password: 'first password', gln: MEDI_WHOLESALE })
      .expect(201);
    const first = await tokenOf(gw.app, username, 'first password');
    const second = await tokenOf(gw.app, username, 'first password');
    await bearer(gw.app, first).get('/me').expect(200);

    await as(gw, 'distributor-admin')
      .post(`/users/${username}/password`, { password: 'second password' })
      .expect(200);
    for (const token of [first, second]) {
      const refused = await bearer(gw.app, token).get('/shipments?direction=in').expect(401);
      expect(errorCode(refused)).toBe('UNAUTHENTICATED');
    }
    expect((await signIn(gw.app, username, 'first password')).status).toBe(401);
    const fresh = await tokenOf(gw.app, username, 'second password');
    await bearer(gw.app, fresh).get('/shipments?direction=in').expect(200);

    // The gateway started again on the same data folder and ledger: the token key and the
    // users' token versions come from disk, so the old tokens stay ended and the new one holds.
    gw = await gw.restart();
    await bearer(gw.app, first).get('/me').expect(401);
    await bearer(gw.app, fresh).get('/me').expect(200);
    expect((await signIn(gw.app, username, 'first password')).status).toBe(401);
  });

  it('disables a user: its tokens end at once, it cannot sign in or act, and enabling restores it', async () => {
    const username = newUsername('disabled');
    await as(gw, 'pharmacy2-admin')
      .post('/users', { username, password: 'pharmacy password', gln: HARBOUR_PHARMACY })
      .expect(201);
    const token = await tokenOf(gw.app, username, 'pharmacy password');
    const code = `(01)${GTIN}(17)${EXPIRY}(10)LOT-U(21)U2`;
    await bearer(gw.app, token).post('/verify', { code }).expect(200);
    const oldCertificate = await readFile(join(gw.dataDir, 'wallet', username, 'cert.pem'), 'utf8');

    const disabled = await as(gw, 'pharmacy2-admin').post(`/users/${username}/disable`).expect(200);
    expect(disabled.body).toMatchObject({ username, disabled: true });
    const height = await gw.height();
    const refused = await bearer(gw.app, token).post('/scans', { code }).expect(401);
    expect(errorCode(refused)).toBe('UNAUTHENTICATED');
    const signInRefused = await signIn(gw.app, username, 'pharmacy password');
    expect(signInRefused.status).toBe(403);
    expect(errorCode(signInRefused)).toBe('USER_DISABLED');
    expect(await gw.height()).toBe(height);
    gw = await gw.restart();
    await bearer(gw.app, token).get('/me').expect(401);
    expect((await signIn(gw.app, username, 'pharmacy password')).status).toBe(403);

    const enabled = await as(gw, 'pharmacy2-admin').post(`/users/${username}/enable`).expect(200);
    expect(enabled.body).toMatchObject({ username, disabled: false });
    // The old token stays ended; the user signs in again, with a new certificate.
    await bearer(gw.app, token).get('/me').expect(401);
    const again = await tokenOf(gw.app, username, 'pharmacy password');
    const scan = await bearer(gw.app, again).post('/scans', { code }).expect(201);
    await expect(raisedBy(gw, scan)).resolves.toBe(HARBOUR_PHARMACY);
    expect(await readFile(join(gw.dataDir, 'wallet', username, 'cert.pem'), 'utf8')).not.toBe(
      oldCertificate,
    );
  });

  it('refuses bad input with a code and changes nothing', async () => {
    const before = await usernames(gw, 'pharmacy2-admin');
    const admin = as(gw, 'pharmacy2-admin');
    const cases: Array<[string, object, number, string]> = [
      [
        '/users',
        { username: 'pharmacist2', password: 'long enough', gln: HARBOUR_PHARMACY },
        409,
        'USER_EXISTS',
      ],
      [
        '/users',
        { username: 'distributor', password: 'long enough', gln: HARBOUR_PHARMACY },
        409,
        'USER_EXISTS',
      ],
      [
        '/users',
        { username: 'peer0-pharmacy', password: 'long enough', gln: HARBOUR_PHARMACY },
        409,
        'USERNAME_RESERVED',
      ],
      [
        '/users',
        { username: 'Has Space', password: 'long enough', gln: HARBOUR_PHARMACY },
        400,
        'VALIDATION_FAILED',
      ],
      [
        '/users',
        { username: 'newcomer', password: 'short', gln: HARBOUR_PHARMACY },
        400,
        'VALIDATION_FAILED',
      ],
      [
        '/users',
        { username: 'newcomer', password: 'long enough', gln: '9506000000054' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        '/users',
        { username: 'newcomer', password: 'long enough', gln: '9506000000077' },
        422,
        'PARTY_NOT_IN_ORGANISATION',
      ],
      [
        '/users',
        { username: 'newcomer', password: 'long enough', gln: MEDI_WHOLESALE },
        422,
        'PARTY_NOT_IN_ORGANISATION',
      ],
      [
        '/users',
        { username: 'newcomer', password: 'long enough', gln: '9506000000046' },
        403,
        'PARTY_OF_OTHER_COMPANY',
      ],
      ['/users/pharmacist/password', { password: 'long enough' }, 403, 'USER_OF_OTHER_COMPANY'],
      [
        '/users',
        { username: 'newcomer', password: 'long enough', gln: HARBOUR_PHARMACY, admin: true },
        400,
        'VALIDATION_FAILED',
      ],
      [
        '/users',
        { username: 'newcomer', password: 'long \uD800 enough', gln: HARBOUR_PHARMACY },
        400,
        'VALIDATION_FAILED',
      ],
      ['/users/nobody-here/password', { password: 'long enough' }, 404, 'USER_NOT_FOUND'],
      ['/users/pharmacist2/password', { password: 'short' }, 400, 'VALIDATION_FAILED'],
      ['/users/pharmacist2/password', {}, 400, 'VALIDATION_FAILED'],
      ['/users/nobody-here/disable', {}, 404, 'USER_NOT_FOUND'],
      ['/users/pharmacy2-admin/disable', {}, 409, 'CANNOT_DISABLE_YOURSELF'],
    ];
    for (const [path, body, status, code] of cases) {
      const response = await admin.post(path, body);
      expect({ path, body, status: response.status, code: errorCode(response) }).toEqual({
        path,
        body,
        status,
        code,
      });
    }
    expect(await usernames(gw, 'pharmacy2-admin')).toEqual(before);
    expect((await signIn(gw.app, 'newcomer', 'long enough')).status).toBe(401);
    await as(gw, 'pharmacist2').get('/me').expect(200);
    await as(gw, 'pharmacy2-admin').get('/me').expect(200);
  });

  it('refuses a second add of the same name made at the same moment', async () => {
    const username = newUsername('twice');
    const body = { username, password: 'same moment', gln: HARBOUR_PHARMACY };
    const responses = await Promise.all([
      as(gw, 'pharmacy2-admin').post('/users', body),
      as(gw, 'pharmacy2-admin').post('/users', body),
    ]);
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    expect(
      (await usernames(gw, 'pharmacy2-admin')).filter((name) => name === username),
    ).toHaveLength(1);
  });
});
