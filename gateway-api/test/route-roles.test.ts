import {
  CALLER_ERROR_CODES,
  LEDGER_ERROR_CODES,
  type PartyRole,
} from '@packtrace/chaincode/client';
import { LEDGER_STATUS } from '../src/errors/ledger-status';
import { API_ROUTES } from '../src/routes';
import { EXPIRY, as, startGateway, type TestGateway } from './support/test-gateway';

const USERS: Record<PartyRole, string> = {
  manufacturer: 'manufacturer',
  distributor: 'distributor',
  pharmacy: 'pharmacist',
  regulator: 'regulator',
};
const GTIN = '09506000134352';
const SAMPLE: Record<string, string> = {
  gtin: GTIN,
  serial: 'S1',
  lot: 'L1',
  // Harbour Pharmacy: no user of this suite acts for it, so suspending it disturbs no cell.
  gln: '9506000000053',
  sscc: '095060000000000114',
  id: 'a'.repeat(64),
  username: 'pharmacist2',
};
/** Path parameters that differ from {@link SAMPLE} on one route. */
const SAMPLE_BY_PATH: Record<string, Record<string, string>> = {
  '/jobs/:id': { id: '00000000-0000-4000-8000-000000000000' },
  '/epcis/capture/:captureID': { captureID: '00000000-0000-4000-8000-000000000000' },
  '/alerts/:id/verification-requests/:requestId/results': { requestId: 'b'.repeat(64) },
};
const PACK = { type: 'pack', gtin: GTIN, serial: 'S1' };
/** The query string of each route that needs one, given the caller's GLN (a VRS requestor's). */
const VRS_REQUEST = (gln: string) =>
  `linkType=verificationService&context=dscsaSaleableReturn&reqGLN=${gln}&corrUUID=00000000-0000-4000-8000-000000000000`;
const QUERIES: Record<string, (gln: string) => string> = {
  'GET /vrs/01/:gtin/10/:lot/21/:serial': (gln) => `?17=${EXPIRY}&${VRS_REQUEST(gln)}`,
  'GET /vrs/gtin/:gtin/lot/:lot/ser/:serial': (gln) => `?exp=${EXPIRY}&${VRS_REQUEST(gln)}`,
  'GET /vrs/checkConnectivity': (gln) => `?gtin=${GTIN}&reqGLN=${gln}`,
  'GET /trace-requests': () => '?status=open&asOf=2026-12-07T09:00:00Z',
};
/**
 * A valid body for every route that takes one, so that an allowed call passes the gateway's
 * validation and reaches the ledger: the cell is then decided by the chaincode too.
 */
const BODIES: Record<string, object> = {
  'POST /parties': {
    gln: '9506000000053',
    name: 'Harbour Pharmacy',
    role: 'pharmacy',
    mspId: 'PharmacyMSP',
  },
  'POST /parties/:gln/authorise': { reason: 'audit passed' },
  'POST /parties/:gln/suspend': { reason: 'audit' },
  'POST /products': { gtin: GTIN, name: 'P', form: 'tablet', strength: '1 mg', packSize: 10 },
  'POST /products/:gtin/links': { links: [] },
  'POST /batches': { gtin: GTIN, lot: 'L1', expiry: EXPIRY, serials: ['S1', 'S2'] },
  'POST /batches/:gtin/:lot/recall': { reason: 'test' },
  'POST /containers': { sscc: SAMPLE['sscc'], kind: 'case', children: [PACK] },
  'POST /shipments': { to: '9506000000039', items: [PACK] },
  'POST /shipments/:id/receive': { received: [PACK] },
  'POST /shipments/:id/cancel': { note: 'sent to the wrong party' },
  'POST /shipments/:id/close': { note: 'the rest never came' },
  'POST /verify': { code: `(01)${GTIN}(17)${EXPIRY}(10)L1(21)S2` },
  'POST /scans': { code: `(01)${GTIN}(17)${EXPIRY}(10)L1(21)S2` },
  'POST /packs/:gtin/:serial/decommission': { reason: 'destroyed', note: '' },
  'POST /containers/:sscc/decommission': { reason: 'destroyed', note: '' },
  'POST /packs/dispense': { packs: [PACK] },
  'POST /packs/decommission': { packs: [PACK], reason: 'destroyed', note: '' },
  'POST /dispensations': { code: `(01)${GTIN}(17)${EXPIRY}(10)L1(21)S2` },
  'POST /alerts': { gtin: GTIN, serial: 'S2', note: 'suspect print' },
  'POST /alerts/:id/resolve': { outcome: 'cleared', note: 'ok' },
  'POST /alerts/:id/steps': { step: 'acknowledge', note: 'seen' },
  'POST /alerts/:id/verification-requests': { party: '9506000000039', count: 3, note: 'check' },
  'POST /alerts/:id/verification-requests/:requestId/results': {
    code: `(01)${GTIN}(17)${EXPIRY}(10)L1(21)S2`,
  },
  'POST /alerts/:id/notice/terminate': { note: 'dealt with' },
  'POST /trace-requests': {
    subject: { kind: 'pack', gtin: GTIN, serial: 'S1' },
    reason: 'suspect',
    incident: 'INC-1',
  },
  'POST /users': { username: 'someone-new', password: 'a new password', gln: '9506000000053' },
  'POST /users/:username/password': { password: 'a new password' },
  'POST /epcis/capture': {
    '@context': ['https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld'],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: '2026-03-01T08:00:00Z',
    epcisBody: { eventList: [] },
  },
};

/**
 * Refusals an allowed call may get: the chaincode's business codes (the sample records may not
 * exist, or no longer allow the change) and the gateway's own "no such job". A refusal of the
 * caller, a validation failure or an internal error fails the cell.
 */
const CALLER_REFUSALS = new Set<string>(CALLER_ERROR_CODES);
const BUSINESS_STATUS: Record<string, number> = {
  ...Object.fromEntries(
    LEDGER_ERROR_CODES.filter((code) => !CALLER_REFUSALS.has(code)).map((code) => [
      code,
      LEDGER_STATUS[code],
    ]),
  ),
  JOB_NOT_FOUND: 404,
  CAPTURE_JOB_NOT_FOUND: 404,
};

const cells = API_ROUTES.flatMap(({ rule, ...route }) =>
  rule === 'signed-in' || rule === 'administrator' ? [] : [{ ...route, rule }],
).flatMap((route) =>
  (Object.keys(USERS) as PartyRole[]).map((role) => ({
    route: `${route.method.toUpperCase()} ${route.path}`,
    role,
    method: route.method,
    takesBody: route.body !== undefined,
    path: route.path.replace(
      /:([A-Za-z]+)/g,
      (_m, name: string) => SAMPLE_BY_PATH[route.path]?.[name] ?? SAMPLE[name] ?? 'x',
    ),
    allowed: route.rule.roles.includes(role),
  })),
);

describe('the gateway mirrors the chaincode’s role rules on every route', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => gw.stop());

  it.each(cells)(
    '$route as $role (allowed: $allowed)',
    async ({ route, role, method, takesBody, path, allowed }) => {
      const body = BODIES[route];
      expect(body !== undefined).toBe(takesBody);
      const height = await gw.height();
      const user = as(gw, USERS[role]);
      const query = QUERIES[route]?.(gw.gln[USERS[role]] ?? '') ?? '';
      const response =
        method === 'get' ? await user.get(path + query) : await user.post(path, body ?? {});
      // EPCIS routes answer RFC 7807 problem details, the API's code a member of them.
      const answer = response.body as { error?: { code: string }; code?: string };
      const code = path.startsWith('/epcis') ? answer.code : answer.error?.code;
      if (allowed) {
        if (response.status < 400) {
          expect([200, 201, 202]).toContain(response.status);
          expect(code).toBeUndefined();
        } else {
          // A refusal for a business reason, with the status the gateway maps its code to.
          expect(response.type).toBe(
            path.startsWith('/epcis') ? 'application/problem+json' : 'application/json',
          );
          expect({ status: response.status, code }).toEqual({
            status: BUSINESS_STATUS[code ?? ''] ?? 'a known business code',
            code,
          });
        }
      } else {
        expect(response.status).toBe(403);
        expect(code).toBe('ROLE_FORBIDDEN');
        expect(await gw.height()).toBe(height);
      }
    },
  );
});

describe('the accounts routes are for administrators only', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => gw.stop());

  const adminCells = API_ROUTES.filter((route) => route.rule === 'administrator').flatMap((route) =>
    (Object.keys(USERS) as PartyRole[]).map((role) => ({
      route: `${route.method.toUpperCase()} ${route.path}`,
      role,
      method: route.method,
      path: route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => SAMPLE[name] ?? 'x'),
    })),
  );

  it.each(adminCells)('$route as $role is refused', async ({ route, role, method, path }) => {
    const user = as(gw, USERS[role]);
    const response =
      method === 'get' ? await user.get(path) : await user.post(path, BODIES[route] ?? {});
    expect(response.status).toBe(403);
    expect((response.body as { error: { code: string } }).error.code).toBe('NOT_AN_ADMINISTRATOR');
  });
});
