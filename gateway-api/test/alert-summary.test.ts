// The regulator's dashboard counts, served by the gateway from the ledger's alert index: no
// client replays the ledger's events to know them. On whichever ledger LEDGER selects.
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';

describe('the alert summary', () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: 'S1', expiry: EXPIRY, serials: ['S1', 'S2'] })
      .expect(201);
  });
  afterAll(async () => {
    await gw.stop();
  });

  it('counts no alerts on a ledger without any', async () => {
    const response = await as(gw, 'regulator').get('/alerts/summary').expect(200);
    expect(response.body).toEqual({ raised: 0, open: 0, confirmed: 0, cleared: 0 });
  });

  it('counts the alerts raised, open, confirmed and cleared, whoever raised them', async () => {
    const raise = async (username: string, serial: string): Promise<string> =>
      (
        await as(gw, username)
          .post('/alerts', { gtin: GTIN, serial, note: 'counted in the summary' })
          .expect(201)
      ).body.id as string;
    const first = await raise('manufacturer', 'S1');
    const second = await raise('pharmacist', 'UNKNOWN1');
    await raise('pharmacist2', 'UNKNOWN2');
    await raise('distributor', 'UNKNOWN3');
    await as(gw, 'regulator')
      .post(`/alerts/${first}/resolve`, { outcome: 'confirmed', note: 'counterfeit' })
      .expect(200);
    await as(gw, 'regulator')
      .post(`/alerts/${second}/resolve`, { outcome: 'cleared', note: 'a typo' })
      .expect(200);
    const response = await as(gw, 'regulator').get('/alerts/summary').expect(200);
    expect(response.body).toEqual({ raised: 4, open: 2, confirmed: 1, cleared: 1 });
  });

  it.each(['manufacturer', 'distributor', 'pharmacist'])(
    'is the regulator’s alone: %s is refused',
    async (username) => {
      const response = await as(gw, username).get('/alerts/summary').expect(403);
      expect(response.body.error.code).toBe('ROLE_FORBIDDEN');
    },
  );
});
