// An alert worked as a case over HTTP, from a pharmacist's scan to the manufacturer's
// investigation and the regulator's closure, on whichever ledger LEDGER selects.
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const GTIN = '09506000134352';
const LOT = 'LOT-CASE';
const SERIALS = ['AC1', 'AC2', 'AC3', 'AC4', 'AC5'];
const code = (serial: string) => `(01)${GTIN}(17)${EXPIRY}(10)${LOT}(21)${serial}`;
const items = (serials: readonly string[]) =>
  serials.map((serial) => ({ type: 'pack', gtin: GTIN, serial }));
const DIGEST = 'ab'.repeat(32);

interface CaseBody {
  id: string;
  state: string;
  status: string;
  rootCause: string | null;
  timeline: { step: string; by: string; note: string; evidence: string[] }[];
  verificationRequests: { id: string; status: string; results: { serial: string }[] }[];
}

describe('an alert case over HTTP', () => {
  let gw: TestGateway;
  let alertId: string;

  const ship = async (from: string, to: string, serials: readonly string[]) => {
    const shipment = await as(gw, from)
      .post('/shipments', { to: gw.gln[to], items: items(serials) })
      .expect(201);
    await as(gw, to)
      .post(`/shipments/${shipment.body.id as string}/receive`, { received: items(serials) })
      .expect(200);
  };

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', { gtin: GTIN, lot: LOT, expiry: EXPIRY, serials: SERIALS })
      .expect(201);
    await ship('manufacturer', 'distributor', SERIALS);
    await ship('distributor', 'pharmacist', ['AC1']);
    // Pharmacy B scans a pack delivered to pharmacy A: an alert about pharmacy A's stock.
    const scan = await as(gw, 'pharmacist2')
      .post('/scans', { code: code('AC1') })
      .expect(201);
    alertId = scan.body.scan.alertId as string;
  });
  afterAll(async () => gw.stop());

  it('shows the product’s manufacturer the new case about its pack, and not another manufacturer', async () => {
    const listed = await as(gw, 'manufacturer').get('/alerts?scope=product').expect(200);
    expect(listed.body.items.map((a: CaseBody) => [a.id, a.state])).toEqual([[alertId, 'new']]);
    const other = await as(gw, 'manufacturer2').get(`/alerts/${alertId}`).expect(403);
    expect(other.body.error.code).toBe('NOT_PERMITTED');
  });

  it('refuses a malformed step at the gateway and a step out of turn at the ledger', async () => {
    const tooLong = await as(gw, 'manufacturer')
      .post(`/alerts/${alertId}/steps`, { step: 'acknowledge', note: 'x'.repeat(1001) })
      .expect(400);
    expect(tooLong.body.error.code).toBe('VALIDATION_FAILED');
    const badDigest = await as(gw, 'manufacturer')
      .post(`/alerts/${alertId}/steps`, { step: 'acknowledge', note: 'n', evidence: ['abc'] })
      .expect(400);
    expect(badDigest.body.error.code).toBe('VALIDATION_FAILED');
    const outOfTurn = await as(gw, 'manufacturer')
      .post(`/alerts/${alertId}/steps`, { step: 'investigate', note: 'n' })
      .expect(409);
    expect(outOfTurn.body.error.code).toBe('CASE_STEP_OUT_OF_ORDER');
    const raiser = await as(gw, 'pharmacist2')
      .post(`/alerts/${alertId}/steps`, { step: 'acknowledge', note: 'n' })
      .expect(403);
    expect(raiser.body.error.code).toBe('CASE_STEP_NOT_PERMITTED');
    const outsider = await as(gw, 'distributor')
      .post(`/alerts/${alertId}/steps`, { step: 'acknowledge', note: 'n' })
      .expect(403);
    expect(outsider.body.error.code).toBe('NOT_PERMITTED');
    const unchanged = await as(gw, 'regulator').get(`/alerts/${alertId}`).expect(200);
    expect((unchanged.body as CaseBody).timeline.map((e) => e.step)).toEqual(['raise']);
  });

  it('lets the manufacturer take the case up and have the distributor verify three more packs of the lot', async () => {
    const acknowledged = await as(gw, 'manufacturer')
      .post(`/alerts/${alertId}/steps`, {
        step: 'acknowledge',
        note: 'our product: investigating',
        evidence: [DIGEST],
      })
      .expect(200);
    expect(acknowledged.body).toMatchObject({ state: 'active' });
    await as(gw, 'manufacturer')
      .post(`/alerts/${alertId}/steps`, { step: 'investigate', note: 'print run checked' })
      .expect(200);
    const tooFew = await as(gw, 'manufacturer')
      .post(`/alerts/${alertId}/verification-requests`, {
        party: gw.gln['distributor'],
        count: 2,
        note: 'check',
      })
      .expect(400);
    expect(tooFew.body.error.code).toBe('VALIDATION_FAILED');
    const asked = await as(gw, 'manufacturer')
      .post(`/alerts/${alertId}/verification-requests`, {
        party: gw.gln['distributor'],
        count: 3,
        note: 'verify three packs of the lot you hold',
      })
      .expect(201);
    const requestId = (asked.body as CaseBody).verificationRequests[0]?.id ?? '';
    for (const serial of ['AC2', 'AC3', 'AC4']) {
      await as(gw, 'distributor')
        .post(`/alerts/${alertId}/verification-requests/${requestId}/results`, {
          code: code(serial),
        })
        .expect(201);
    }
    const complete = await as(gw, 'distributor')
      .post(`/alerts/${alertId}/verification-requests/${requestId}/results`, { code: code('AC5') })
      .expect(409);
    expect(complete.body.error.code).toBe('VERIFICATION_REQUEST_COMPLETE');
    const read = await as(gw, 'pharmacist').get(`/alerts/${alertId}`).expect(200);
    expect((read.body as CaseBody).verificationRequests[0]).toMatchObject({ status: 'complete' });
    expect((read.body as CaseBody).verificationRequests[0]?.results.map((r) => r.serial)).toEqual([
      'AC2',
      'AC3',
      'AC4',
    ]);
  });

  it('escalates to the regulator, who alone closes it as confirmed falsification, sending the notice', async () => {
    await as(gw, 'manufacturer')
      .post(`/alerts/${alertId}/steps`, {
        step: 'escalate',
        note: 'serial never printed by us: suspected clone',
      })
      .expect(200);
    const noCause = await as(gw, 'regulator')
      .post(`/alerts/${alertId}/steps`, { step: 'close', note: 'lab result' })
      .expect(400);
    expect(noCause.body.error.code).toBe('ROOT_CAUSE_REQUIRED');
    const byMaker = await as(gw, 'manufacturer')
      .post(`/alerts/${alertId}/steps`, {
        step: 'close',
        rootCause: 'manufacturer_data_error_fixed',
        note: 'n',
      })
      .expect(403);
    expect(byMaker.body.error.code).toBe('CASE_STEP_NOT_PERMITTED');
    const closed = await as(gw, 'regulator')
      .post(`/alerts/${alertId}/steps`, {
        step: 'close',
        rootCause: 'confirmed_falsification',
        note: 'lab: no active ingredient',
      })
      .expect(200);
    expect(closed.body).toMatchObject({
      state: 'closed',
      status: 'confirmed',
      rootCause: 'confirmed_falsification',
    });
    expect((closed.body as CaseBody).timeline.map((e) => e.step)).toEqual([
      'raise',
      'acknowledge',
      'investigate',
      'request_verification',
      'escalate',
      'close',
    ]);
    const notice = await as(gw, 'pharmacist').get(`/alerts/${alertId}/notice`).expect(200);
    expect(notice.body).toMatchObject({
      alertId,
      status: 'sent',
      serials: ['AC1'],
      lots: [LOT],
      howFound: { kind: 'scan', reasons: ['NOT_IN_CUSTODY'] },
    });
    expect(notice.body.addressees).toEqual(
      expect.arrayContaining([gw.gln['regulator'], gw.gln['distributor']]),
    );
    const history = await as(gw, 'pharmacist').get(`/packs/${GTIN}/AC1/history`).expect(200);
    const caseLines = (history.body.events as { action: string; alert?: string }[])
      .filter((e) => e.alert === alertId)
      .map((e) => e.action);
    expect(caseLines).toEqual(
      expect.arrayContaining([
        'alert_acknowledge',
        'alert_investigate',
        'alert_escalate',
        'alert_close',
      ]),
    );
  });

  it('terminates the notice once', async () => {
    const terminated = await as(gw, 'regulator')
      .post(`/alerts/${alertId}/notice/terminate`, { note: 'stock destroyed' })
      .expect(200);
    expect(terminated.body).toMatchObject({ status: 'terminated' });
    const again = await as(gw, 'regulator')
      .post(`/alerts/${alertId}/notice/terminate`, { note: 'again' })
      .expect(409);
    expect(again.body.error.code).toBe('NOTICE_TERMINATED');
  });
});
