import { ACCESS_RULES, type PartyRole, type TransactionName } from '@packtrace/chaincode';
import { API_ROUTES } from '../src/routes';
import { as, startGateway, type TestGateway } from './support/test-gateway';

const USERS: Record<PartyRole, string> = {
  manufacturer: 'manufacturer',
  distributor: 'distributor',
  pharmacy: 'pharmacist',
  regulator: 'regulator',
};
const SAMPLE: Record<string, string> = {
  gtin: '09506000134352',
  serial: 'S1',
  lot: 'L1',
  gln: '9506000000046',
  sscc: '095060000000000114',
  id: 'a'.repeat(64),
};

const cells = API_ROUTES.filter(
  (route) => route.rule !== 'public' && route.rule !== 'signed-in',
).flatMap((route) =>
  (Object.keys(USERS) as PartyRole[]).map((role) => ({
    route: `${route.method.toUpperCase()} ${route.path}`,
    role,
    method: route.method,
    path: route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => SAMPLE[name] ?? 'x'),
    allowed: (ACCESS_RULES[route.rule as TransactionName].roles as readonly PartyRole[]).includes(
      role,
    ),
  })),
);

describe('the gateway mirrors the chaincode’s role rules on every route', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
  });
  afterAll(async () => gw.stop());

  it.each(cells)('$route as $role (allowed: $allowed)', async ({ role, method, path, allowed }) => {
    const height = await gw.height();
    const user = as(gw, USERS[role]);
    const response = method === 'get' ? await user.get(path) : await user.post(path, {});
    const code = (response.body as { error?: { code: string } }).error?.code;
    if (allowed) {
      expect(code).not.toBe('ROLE_FORBIDDEN');
    } else {
      expect(response.status).toBe(403);
      expect(code).toBe('ROLE_FORBIDDEN');
      expect(await gw.height()).toBe(height);
    }
  });
});
