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
 * Issue 23's attack: `manufacturer-admin`, Acme Pharma's administrator, acted against Other
 * Pharma when both were companies of one organisation (one MSP, one CA). It added a user for
 * Other Pharma's party, reset Other Pharma's users' passwords and, through such a user,
 * recalled Other Pharma's batch. Other Pharma is now an organisation of its own, so the same
 * attempts are refused as another organisation's; the sister-company case lives on in the
 * pharmacy association, which hosts Central Pharmacy and Harbour Pharmacy under one MSP and one
 * CA: Central Pharmacy's administrator manages none of Harbour Pharmacy's users, and no user it
 * can make acts for Harbour Pharmacy on the ledger. Each refusal changes nothing, and each
 * company's own administrator still does all of it for its own company.
 */

const ACME_PHARMA = '9506000000022';
const OTHER_PHARMA = '9506000000060';
const CENTRAL_PHARMACY = '9506000000046';
const HARBOUR_PHARMACY = '9506000000053';
/** A GTIN under Other Pharma's company prefix 9506001. */
const OTHER_GTIN = ((first13: string) => first13 + String(gs1CheckDigit(first13)))('0950600100042');
const LOT = 'LOT-ADMIN';
/**
 * The pack Harbour Pharmacy holds, for Central Pharmacy's users to try to dispense; of a batch
 * of its own, which Other Pharma's recall of LOT leaves alone.
 */
const HARBOUR_LOT = 'LOT-HARBOUR';
const HARBOUR_PACK = 'H1';
const ACME_ADMIN: IssuedUser = {
  username: 'manufacturer-admin',
  role: 'manufacturer',
  gln: ACME_PHARMA,
  mspId: 'ManufacturerMSP',
};
const CENTRAL_ADMIN: IssuedUser = {
  username: 'pharmacy-admin',
  role: 'pharmacy',
  gln: CENTRAL_PHARMACY,
  mspId: 'PharmacyMSP',
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

interface PackState {
  readonly status: string;
  readonly custodian: string;
  readonly decommission: { readonly reason: string; readonly by: string } | null;
}

async function harbourPack(gw: TestGateway): Promise<PackState> {
  const pack = await as(gw, 'regulator').get(`/packs/${OTHER_GTIN}/${HARBOUR_PACK}`).expect(200);
  return (pack.body as { pack: PackState }).pack;
}

/** The attempts on another company's users, each with the refusal code it must get. */
async function attemptsOnUsers(
  gw: TestGateway,
  admin: string,
  victims: readonly string[],
): Promise<Array<{ path: string; status: number; code: string | undefined }>> {
  const attempts: Array<[string, object | undefined]> = victims.flatMap(
    (victim): Array<[string, object | undefined]> => [
      [`/users/${victim}/password`, { password: 'taken over 1' }],
      [`/users/${victim}/disable`, undefined],
      [`/users/${victim}/enable`, undefined],
    ],
  );
  const outcomes = [];
  for (const [path, body] of attempts) {
    const response = await as(gw, admin).post(path, body);
    outcomes.push({ path, status: response.status, code: errorOf(response).code });
  }
  return outcomes;
}

describe('company administrators and the organisations that host their companies', () => {
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
      .post('/batches', {
        gtin: OTHER_GTIN,
        lot: LOT,
        expiry: EXPIRY,
        serials: ['S1', 'S2'],
      })
      .expect(201);
    await as(gw, 'manufacturer2')
      .post('/batches', {
        gtin: OTHER_GTIN,
        lot: HARBOUR_LOT,
        expiry: EXPIRY,
        serials: [HARBOUR_PACK],
      })
      .expect(201);
    const item = { type: 'pack', gtin: OTHER_GTIN, serial: HARBOUR_PACK };
    const shipment = await as(gw, 'manufacturer2')
      .post('/shipments', { to: HARBOUR_PHARMACY, items: [item] })
      .expect(201);
    await as(gw, 'pharmacist2')
      .post(`/shipments/${shipment.body.id as string}/receive`, { received: [item] })
      .expect(200);
  });
  afterAll(async () => gw.stop());

  describe('Acme Pharma’s administrator and Other Pharma, an organisation of its own', () => {
    it('refuses adding a user for Other Pharma’s party: not of its organisation, no account, nothing on the ledger', async () => {
      const height = await gw.height();
      const username = newUsername('planted');
      const add = await as(gw, 'manufacturer-admin').post('/users', {
        username,
        password: 'planted password 1',
        gln: OTHER_PHARMA,
      });
      expect({ status: add.status, code: errorOf(add).code }).toEqual({
        status: 422,
        code: 'PARTY_NOT_IN_ORGANISATION',
      });
      expect(errorOf(add).message).toContain('does not belong to your organisation');

      expect((await signIn(gw.app, username, 'planted password 1')).status).toBe(401);
      for (const admin of ['manufacturer-admin', 'manufacturer2-admin']) {
        expect((await listed(gw, admin)).map((user) => user.username)).not.toContain(username);
      }
      expect(await gw.height()).toBe(height);
    });

    it('refuses resetting, disabling or enabling Other Pharma’s users, who keep their password and tokens', async () => {
      for (const outcome of await attemptsOnUsers(gw, 'manufacturer-admin', [
        'manufacturer2',
        'manufacturer2-admin',
      ])) {
        expect(outcome).toEqual({ ...outcome, status: 403, code: 'USER_IN_OTHER_ORGANISATION' });
      }
      // The earlier tokens still hold and the password is unchanged: nothing was reset or ended.
      await as(gw, 'manufacturer2').get('/me').expect(200);
      await as(gw, 'manufacturer2-admin').get('/me').expect(200);
      expect((await signIn(gw.app, 'manufacturer2', PASSWORD)).status).toBe(200);
      expect((await signIn(gw.app, 'manufacturer2', 'taken over 1')).status).toBe(401);
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
      // Acme Pharma's CA can only put its own MSP and its own company into the certificate.
      const raw = new X509Certificate(forged.certificate).raw.toString('latin1');
      expect(raw).toContain(`"hf.Affiliation":"manufacturer.gln${ACME_PHARMA}"`);

      const session = gw.ledger.session(forged);
      const recall = session.submit(Tx.RecallBatch.name, [OTHER_GTIN, LOT, 'forged recall']);
      await expect(recall).rejects.toBeInstanceOf(LedgerFailure);
      await expect(recall).rejects.toMatchObject({
        kind: 'refused',
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
      expect({ status: disable.status, code: errorOf(disable).code }).toEqual({
        status: 403,
        code: 'USER_IN_OTHER_ORGANISATION',
      });

      // Issued by Other Pharma's own CA, in its own MSP and company affiliation.
      const certificate = await readFile(join(gw.dataDir, 'wallet', username, 'cert.pem'));
      const raw = new X509Certificate(certificate).raw.toString('latin1');
      // Issued by Other Pharma's own CA in its own company's affiliation (a Fabric CA's
      // certificate does not carry the MSP id, so the affiliation is what both ledgers show).
      expect(raw).toContain(`"hf.Affiliation":"otherpharma.gln${OTHER_PHARMA}"`);

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

  describe('Central Pharmacy’s administrator and Harbour Pharmacy, a sister company in the pharmacy association', () => {
    it('refuses adding a user for Harbour Pharmacy’s party: 403, no account, nothing on the ledger', async () => {
      const height = await gw.height();
      const username = newUsername('planted');
      const add = await as(gw, 'pharmacy-admin')
        .post('/users', { username, password: 'planted password 1', gln: HARBOUR_PHARMACY })
        .expect(403);
      expect(errorOf(add).code).toBe('PARTY_OF_OTHER_COMPANY');
      expect(errorOf(add).message).toContain('only its own company administrator adds its users');

      expect((await signIn(gw.app, username, 'planted password 1')).status).toBe(401);
      for (const admin of ['pharmacy-admin', 'pharmacy2-admin']) {
        expect((await listed(gw, admin)).map((user) => user.username)).not.toContain(username);
      }
      expect(await gw.height()).toBe(height);
    });

    it('refuses resetting, disabling or enabling Harbour Pharmacy’s users, who keep their password and tokens', async () => {
      for (const outcome of await attemptsOnUsers(gw, 'pharmacy-admin', [
        'pharmacist2',
        'pharmacy2-admin',
      ])) {
        expect(outcome).toEqual({ ...outcome, status: 403, code: 'USER_OF_OTHER_COMPANY' });
      }
      await as(gw, 'pharmacist2').get('/me').expect(200);
      await as(gw, 'pharmacy2-admin').get('/me').expect(200);
      expect((await signIn(gw.app, 'pharmacist2', PASSWORD)).status).toBe(200);
      expect((await signIn(gw.app, 'pharmacist2', 'taken over 1')).status).toBe(401);
    });

    it('shows each company administrator its own company’s users only', async () => {
      const expected: Array<[string, string, string[]]> = [
        ['manufacturer-admin', ACME_PHARMA, ['manufacturer', 'manufacturer-admin']],
        ['manufacturer2-admin', OTHER_PHARMA, ['manufacturer2', 'manufacturer2-admin']],
        ['pharmacy-admin', CENTRAL_PHARMACY, ['pharmacist', 'pharmacy-admin']],
        ['pharmacy2-admin', HARBOUR_PHARMACY, ['pharmacist2', 'pharmacy2-admin']],
      ];
      for (const [admin, gln, users] of expected) {
        const own = await listed(gw, admin);
        expect(own.map((user) => user.username)).toEqual(expect.arrayContaining(users));
        expect(new Set(own.map((user) => user.gln))).toEqual(new Set([gln]));
      }
    });

    it('leaves Central Pharmacy no user that can dispense a pack Harbour Pharmacy holds', async () => {
      for (const { username } of await listed(gw, 'pharmacy-admin')) {
        const dispense = await as(gw, username).post(
          `/packs/${OTHER_GTIN}/${HARBOUR_PACK}/dispense`,
        );
        expect({ username, code: errorOf(dispense).code }).toEqual({
          username,
          code: 'NOT_IN_CUSTODY',
        });
      }
      expect(await harbourPack(gw)).toMatchObject({
        status: 'active',
        custodian: HARBOUR_PHARMACY,
        decommission: null,
      });
    });

    it('refuses on the ledger a certificate Central Pharmacy’s administrator registers with Harbour Pharmacy’s GLN, as a compromised gateway would get', async () => {
      const height = await gw.height();
      const forged = await gw.issuer.enrol(
        {
          username: newUsername('forged'),
          role: 'pharmacy',
          gln: HARBOUR_PHARMACY,
          mspId: 'PharmacyMSP',
        },
        { by: CENTRAL_ADMIN },
      );
      // Same MSP, same CA: the CA wrote the registrar's company into the certificate, not the
      // GLN asked for, and the ledger reads the company from there.
      const raw = new X509Certificate(forged.certificate).raw.toString('latin1');
      expect(raw).toContain(`"gln":"${HARBOUR_PHARMACY}"`);
      expect(raw).toContain(`"hf.Affiliation":"pharmacy.gln${CENTRAL_PHARMACY}"`);

      const session = gw.ledger.session(forged);
      const dispense = session.submit(Tx.Dispense.name, [OTHER_GTIN, HARBOUR_PACK]);
      await expect(dispense).rejects.toBeInstanceOf(LedgerFailure);
      await expect(dispense).rejects.toMatchObject({
        kind: 'refused',
        body: { code: 'IDENTITY_MISMATCH' },
      });
      await expect(
        session.evaluate(Tx.GetPack.name, [OTHER_GTIN, HARBOUR_PACK]),
      ).rejects.toMatchObject({ body: { code: 'IDENTITY_MISMATCH' } });
      expect(await harbourPack(gw)).toMatchObject({
        status: 'active',
        custodian: HARBOUR_PHARMACY,
        decommission: null,
      });
      expect(await gw.height()).toBe(height);
    });

    it('lets Harbour Pharmacy’s own administrator add a user, in Harbour Pharmacy’s affiliation, that dispenses Harbour Pharmacy’s pack', async () => {
      const username = newUsername('harbour-counter');
      await as(gw, 'pharmacy2-admin')
        .post('/users', { username, password: 'counter first 1', gln: HARBOUR_PHARMACY })
        .expect(201);
      expect((await listed(gw, 'pharmacy-admin')).map((user) => user.username)).not.toContain(
        username,
      );
      const disable = await as(gw, 'pharmacy-admin').post(`/users/${username}/disable`);
      expect({ status: disable.status, code: errorOf(disable).code }).toEqual({
        status: 403,
        code: 'USER_OF_OTHER_COMPANY',
      });
      const certificate = await readFile(join(gw.dataDir, 'wallet', username, 'cert.pem'));
      expect(new X509Certificate(certificate).raw.toString('latin1')).toContain(
        `"hf.Affiliation":"pharmacy.gln${HARBOUR_PHARMACY}"`,
      );

      const signedIn = await signIn(gw.app, username, 'counter first 1');
      expect(signedIn.status).toBe(200);
      const token = (signedIn.body as { token: string }).token;
      await request(gw.app)
        .post(`/api/v1/packs/${OTHER_GTIN}/${HARBOUR_PACK}/dispense`)
        .set({ Authorization: `Bearer ${token}` })
        .expect(200);
      expect(await harbourPack(gw)).toMatchObject({
        status: 'inactive',
        decommission: { reason: 'dispensed', by: HARBOUR_PHARMACY },
      });
    });
  });
});
