// Embedded ledger only: answering late needs the ledger's clock moved past the due time, which a
// real network cannot do. On-time answers and every refusal run on both ledgers
// (test/chaincode/trace-requests.test.ts).
import {
  Tx,
  type ListedTraceRequest,
  type Page,
  type TraceRequest,
} from '@packtrace/chaincode/client';
import { GTIN, PARTIES } from '../../support/demo-parties';
import { startEmbeddedScenario, type EmbeddedScenario } from '../../support/embedded-scenario';
import { commission, pack, registerProduct, shipAndReceive } from '../../support/fixtures';

describe('a trace request answered after its due time', () => {
  let d: EmbeddedScenario;

  beforeEach(async () => {
    d = await startEmbeddedScenario();
    await registerProduct(d);
    await commission(d, ['L1']);
    await shipAndReceive(d, 'manufacturer', 'pharmacy', [pack('L1')]);
  });
  afterEach(async () => d.stop());

  it('is recorded as late, and was overdue until answered', async () => {
    const asked = await d.submit<TraceRequest>(
      'pharmacy',
      Tx.RequestTrace,
      'pack',
      GTIN,
      'L1',
      'suspect',
      'INC-LATE',
      'false',
    );
    d.clock.advanceDays(3);
    const overdue = await d.evaluate<Page<ListedTraceRequest>>(
      'regulator',
      Tx.ListTraceRequests,
      'overdue',
      d.clock.peek().toISOString(),
      '',
      '',
    );
    expect(overdue.items.map((item) => [item.id, item.overdue])).toEqual([[asked.id, true]]);
    const answered = await d.submit<TraceRequest>('manufacturer', Tx.AnswerTraceRequest, asked.id);
    expect(answered.answer).toMatchObject({ answeredBy: PARTIES.manufacturer.gln, onTime: false });
    expect((answered.answer?.answeredAt ?? '') > asked.dueAt).toBe(true);
    const stillOverdue = await d.evaluate<Page<ListedTraceRequest>>(
      'regulator',
      Tx.ListTraceRequests,
      'overdue',
      d.clock.peek().toISOString(),
      '',
      '',
    );
    expect(stillOverdue.items).toEqual([]);
  });
});
