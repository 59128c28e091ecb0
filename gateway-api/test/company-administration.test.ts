import { randomBytes, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import type { Express } from 'express';
import { Tx } from '@packtrace/chaincode/client';
import { gs1CheckDigit } from '@packtrace/gs1';
import { LedgerFailure, type IssuedUser } from '@packtrace/ledger';
import { EXPIRY, PASSWORD, as, startGateway, type TestGateway } from './support/test-gateway';

/**
 * Issue 23's attack: `manufacturer-admin`, Acme Pharma's administrator, acting against Other
 * Pharma, a sister company in the same organisation (Manufacturers, one MSP, one CA). It tried
 * to add a user for Other Pharma's party, to reset Other Pharma's users' passwords and, through
 * such a user, to recall Other Pharma's batch. Each step is refused, changes nothing, and Other
 * Pharma's own administrator still does all of it for its own company. And below the gateway:
 * a certificate Acme Pharma's administrator's CA identity registers carries Acme Pharma's
 * affiliation, so the ledger refuses it as Other Pharma's whatever GLN it was given.
 */

const ACME_PHARMA = '9506000000022';
const OTHER_PHARMA = '9506000000060';
/** A GTIN under Other Pharma's company prefix 9506001. */
const OTHER_GTIN = ((first13: string) => first13 + String(gs1CheckDigit(first13)))('0950600100042');
const LOT = 'LOT-SISTER';
const ACME_ADMIN: IssuedUser = {
  username: 'manufacturer-admin',
  role: 'manufacturer',
  gln: ACME_PHARMA,
  mspId: 'ManufacturerMSP',
};

/** Usernames unique per run: on Fabric the organisations' CAs outlive every test gateway. */
function newUsername(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

async function signIn(app: Express, username: string, password: string) {
  return request(app).post('/api/v1/auth/token').send({ username, password });
}

function errorOf(response: request.Response): { code?: string; message?: string } {
  return (response.body as { error?: { code: string; message: string } }).error ?? {};
}

interface Listed {
  readonly username: string;
  readonly gln: string;
}

async function listed(gw: TestGateway, admin: string): Promise<Listed[]> {
  const list = await as(gw, admin).get('/users').expect(200);
  return (list.body as { items: Listed[] }).items;
}

async function batchStatus(gw: TestGateway): Promise<string> {
  const batch = await as(gw, 'manufacturer2').get(`/batches/${OTHER_GTIN}/${LOT}`).expect(200);
  return (batch.body as { status: string }).status;
}

describe('a company administrator manages only its own company’s users, not a sister company’s in the same organisation', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    // Sign-in is part of what this suite checks.
    gw = await startGateway(200);
    await as(gw, 'manufacturer2')
      .post('/products', {
        gtin: OTHER_GTIN,
        name: 'Other Pharma tablets',
        form: 'tablet',
        strength: '5 mg',
        packSize: 30,
      })
      .expect(201);
    await as(gw, 'manufacturer2')
      .post('/batches', { gtin: OTHER_GTIN, lot: LOT, expiry: EXPIRY, serials: ['S1', 'S2'] })
      .expect(201);
  });
  afterAll(async () => gw.stop());

  it('refuses Acme Pharma’s administrator adding a user for Other Pharma: 403, no account, nothing on the ledger', async () => {
    const height = await gw.height();
    const username = newUsername('planted');
    const add = await as(gw, 'manufacturer-admin')
      .post('/users', { username, password: 'planted password 1', gln: OTHER_PHARMA })
      .expect(403);
    expect(errorOf(add).code).toBe('PARTY_OF_OTHER_COMPANY');
    expect(errorOf(add).message).toContain('only its own company administrator adds its users');

    expect((await signIn(gw.app, username, 'planted password 1')).status).toBe(401);
    for (const admin of ['manufacturer-admin', 'manufacturer2-admin']) {
      expect((await listed(gw, admin)).map((user) => user.username)).not.toContain(username);
    }
    expect(await gw.height()).toBe(height);
  });

  it('refuses Acme Pharma’s administrator resetting, disabling or enabling Other Pharma’s users, who keep their password and tokens', async () => {
    const attempts: Array<[string, object | undefined]> = [
      ['/users/manufacturer2/password', { password: 'taken over 1' }],
      ['/users/manufacturer2-admin/password', { password: 'taken over 1' }],
      ['/users/manufacturer2/disable', undefined],
      ['/users/manufacturer2-admin/disable', undefined],
      ['/users/manufacturer2/enable', undefined],
    ];
    for (const [path, body] of attempts) {
      const response = await as(gw, 'manufacturer-admin').post(path, body);
      expect({ path, status: response.status, code: errorOf(response).code }).toEqual({
        path,
        status: 403,
        code: 'USER_OF_OTHER_COMPANY',
      });
    }
    // The earlier tokens still hold and the password is unchanged: nothing was reset or ended.
    await as(gw, 'manufacturer2').get('/me').expect(200);
    await as(gw, 'manufacturer2-admin').get('/me').expect(200);
    expect((await signIn(gw.app, 'manufacturer2', PASSWORD)).status).toBe(200);
    expect((await signIn(gw.app, 'manufacturer2', 'taken over 1')).status).toBe(401);
  });

  it('shows each company administrator its own company’s users only', async () => {
    const acme = await listed(gw, 'manufacturer-admin');
    expect(acme.map((user) => user.username)).toEqual(
      expect.arrayContaining(['manufacturer', 'manufacturer-admin']),
    );
    expect(new Set(acme.map((user) => user.gln))).toEqual(new Set([ACME_PHARMA]));
    const other = await listed(gw, 'manufacturer2-admin');
    expect(other.map((user) => user.username)).toEqual(
      expect.arrayContaining(['manufacturer2', 'manufacturer2-admin']),
    );
    expect(new Set(other.map((user) => user.gln))).toEqual(new Set([OTHER_PHARMA]));
  });

  it('leaves Acme Pharma no user that can recall Other Pharma’s batch', async () => {
    for (const { username } of await listed(gw, 'manufacturer-admin')) {
      const recall = await as(gw, username).post(`/batches/${OTHER_GTIN}/${LOT}/recall`, {
        reason: 'recalled by a competitor',
      });
      expect({ username, status: recall.status }).toEqual({ username, status: 403 });
    }
    expect(await batchStatus(gw)).toBe('active');
  });

  it('refuses on the ledger a certificate Acme Pharma’s administrator registers with Other Pharma’s GLN, as a compromised gateway would get', async () => {
    const height = await gw.height();
    const forged = await gw.issuer.enrol(
      {
        username: newUsername('forged'),
        role: 'manufacturer',
        gln: OTHER_PHARMA,
        mspId: 'ManufacturerMSP',
      },
      { by: ACME_ADMIN },
    );
    // The CA wrote the registrar's company into the certificate, not the GLN asked for.
    const raw = new X509Certificate(forged.certificate).raw.toString('latin1');
    expect(raw).toContain(`"gln":"${OTHER_PHARMA}"`);
    expect(raw).toContain(`"hf.Affiliation":"manufacturer.gln${ACME_PHARMA}"`);

    const session = gw.ledger.session(forged);
    const recall = session.submit(Tx.RecallBatch.name, [OTHER_GTIN, LOT, 'forged recall']);
    await expect(recall).rejects.toBeInstanceOf(LedgerFailure);
    await expect(recall).rejects.toMatchObject({
      kind: 'refused',
      body: { code: 'IDENTITY_MISMATCH' },
    });
    await expect(session.evaluate(Tx.GetBatch.name, [OTHER_GTIN, LOT])).rejects.toMatchObject({
      body: { code: 'IDENTITY_MISMATCH' },
    });
    expect(await batchStatus(gw)).toBe('active');
    expect(await gw.height()).toBe(height);
  });

  it('lets Other Pharma’s own administrator add a user, reset its password, and that user recall Other Pharma’s batch', async () => {
    const username = newUsername('other-qa');
    const added = await as(gw, 'manufacturer2-admin')
      .post('/users', { username, password: 'quality first 1', gln: OTHER_PHARMA })
      .expect(201);
    expect(added.body).toEqual({
      username,
      role: 'manufacturer',
      gln: OTHER_PHARMA,
      admin: false,
      disabled: false,
    });
    await as(gw, 'manufacturer2-admin')
      .post(`/users/${username}/password`, { password: 'quality second 2' })
      .expect(200);
    // Acme Pharma's administrator neither sees nor manages it.
    expect((await listed(gw, 'manufacturer-admin')).map((user) => user.username)).not.toContain(
      username,
    );
    const disable = await as(gw, 'manufacturer-admin').post(`/users/${username}/disable`);
    expect(disable.status).toBe(403);

    // Registered by Other Pharma's administrator's CA identity: in Other Pharma's affiliation.
    const certificate = await readFile(join(gw.dataDir, 'wallet', username, 'cert.pem'));
    expect(new X509Certificate(certificate).raw.toString('latin1')).toContain(
      `"hf.Affiliation":"manufacturer.gln${OTHER_PHARMA}"`,
    );

    const signedIn = await signIn(gw.app, username, 'quality second 2');
    expect(signedIn.status).toBe(200);
    const token = (signedIn.body as { token: string }).token;
    await request(gw.app)
      .post(`/api/v1/batches/${OTHER_GTIN}/${LOT}/recall`)
      .set({ Authorization: `Bearer ${token}` })
      .send({ reason: 'recalled by its own quality team' })
      .expect(200);
    expect(await batchStatus(gw)).toBe('recalled');
  });
});
