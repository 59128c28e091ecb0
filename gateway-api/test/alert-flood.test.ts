// Flags of invented serials (issue 11): the gateway limits flags per party and per hour, the
// ledger bounds each party's open flags of unknown serials, and the regulator's list groups and
// filters them. On whichever ledger LEDGER selects.
import { MAX_OPEN_UNKNOWN_FLAGS } from '@packtrace/chaincode/client';
import { as, startGateway, type TestGateway } from './support/test-gateway';

const GTIN = '09506000134352';
const FLAGS_PER_HOUR = 3;

interface ListedAlert {
  readonly id: string;
  readonly raisedBy: string;
  readonly reasons: string[];
}

describe('a flood of flags', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway(undefined, { flagRatePerHour: FLAGS_PER_HOUR });
  });
  afterAll(async () => {
    await gw.stop();
  });

  const flag = (username: string, serial: string) =>
    as(gw, username).post('/alerts', { gtin: GTIN, serial, note: 'never made' });

  it('answers 429 FLAG_RATE_LIMITED with Retry-After once a party has flagged its allowance this hour, and writes nothing', async () => {
    for (let i = 0; i < FLAGS_PER_HOUR; i += 1) {
      await flag('pharmacist', `P${i}`).expect(201);
    }
    const height = await gw.height();
    const limited = await flag('pharmacist', 'P-MORE').expect(429);
    expect(limited.body.error.code).toBe('FLAG_RATE_LIMITED');
    expect(Number(limited.get('Retry-After'))).toBeGreaterThan(0);
    // The party's other users share its allowance; another party has its own.
    expect((await flag('pharmacy-admin', 'P-ADMIN').expect(429)).body.error.code).toBe(
      'FLAG_RATE_LIMITED',
    );
    expect(await gw.height()).toBe(height);
    const own = await as(gw, 'pharmacist').get('/alerts').expect(200);
    expect(own.body.count).toBe(FLAGS_PER_HOUR);
    await flag('manufacturer', 'M0').expect(201);
  });

  it('groups the open alerts by reporter and reason for the regulator, and no one else', async () => {
    const groups = await as(gw, 'regulator').get('/alerts/groups').expect(200);
    expect(groups.body).toEqual({
      items: [
        { raisedBy: gw.gln['pharmacist'], code: 'UNKNOWN_SERIAL', open: FLAGS_PER_HOUR },
        { raisedBy: gw.gln['manufacturer'], code: 'UNKNOWN_SERIAL', open: 1 },
      ],
      count: 2,
    });
    await as(gw, 'pharmacist').get('/alerts/groups').expect(403);
  });

  it('filters the regulator’s list by reporter and reason code before paging it', async () => {
    const pharmacy = gw.gln['pharmacist'] ?? '';
    const first = await as(gw, 'regulator')
      .get(`/alerts?reporter=${pharmacy}&code=UNKNOWN_SERIAL&pageSize=2`)
      .expect(200);
    expect(first.body.count).toBe(2);
    expect(first.body.bookmark).not.toBe('');
    const rest = await as(gw, 'regulator')
      .get(
        `/alerts?reporter=${pharmacy}&code=UNKNOWN_SERIAL&pageSize=2&bookmark=${encodeURIComponent(first.body.bookmark as string)}`,
      )
      .expect(200);
    const items = [...first.body.items, ...rest.body.items] as ListedAlert[];
    expect(items).toHaveLength(FLAGS_PER_HOUR);
    expect(items.every((alert) => alert.raisedBy === pharmacy)).toBe(true);
    const refused = await as(gw, 'regulator').get('/alerts?code=unknown').expect(400);
    expect(refused.body.error.code).toBe('VALIDATION_FAILED');
    await as(gw, 'pharmacist').get('/alerts?scope=all').expect(403);
  });

  it('answers 429 TOO_MANY_OPEN_FLAGS when the ledger’s bound on open flags of unknown serials is reached, and writes nothing', async () => {
    const unlimited = await startGateway(undefined, { flagRatePerHour: 1000 });
    try {
      for (let i = 0; i < MAX_OPEN_UNKNOWN_FLAGS; i += 1) {
        await as(unlimited, 'pharmacist2')
          .post('/alerts', { gtin: GTIN, serial: `Q${i}`, note: 'never made' })
          .expect(201);
      }
      const height = await unlimited.height();
      const refused = await as(unlimited, 'pharmacist2')
        .post('/alerts', { gtin: GTIN, serial: 'Q-MORE', note: 'never made' })
        .expect(429);
      expect(refused.body.error.code).toBe('TOO_MANY_OPEN_FLAGS');
      expect(await unlimited.height()).toBe(height);
    } finally {
      await unlimited.stop();
    }
  });
});
