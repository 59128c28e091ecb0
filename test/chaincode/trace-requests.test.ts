import {
  DEFAULT_TRACE_LOT_PACKS,
  Tx,
  traceRequestDue,
  type ListedTraceRequest,
  type Page,
  type TraceAnswer,
  type TraceRequest,
} from '@packtrace/chaincode/client';
import { GTIN, PARTIES, gtin } from '../support/demo-parties';
import { LOT, code, commission, pack, registerProduct, shipAndReceive } from '../support/fixtures';
import { refusal, type ScenarioLedger, type ScenarioUser } from '../support/scenario-ledger';
import { startScenario } from '../support/start-scenario';

/** A GTIN under the demo manufacturer's prefix that no product was registered for. */
const UNREGISTERED_GTIN = gtin('0950600099999');

describe('trace requests: who may ask, who answers, and what the answer shows', () => {
  let d: ScenarioLedger;
  let incidents = 0;

  /** A request as `user`, with an incident number of its own so tests never share one. */
  function request(
    user: ScenarioUser,
    kind: string,
    item: string,
    reason: string,
    test = 'false',
  ): Promise<TraceRequest> {
    incidents += 1;
    return d.submit<TraceRequest>(
      user,
      Tx.RequestTrace,
      kind,
      GTIN,
      item,
      reason,
      `INC-${incidents}`,
      test,
    );
  }

  async function listed(
    user: ScenarioUser,
    status: string,
    asOf: string,
  ): Promise<ListedTraceRequest[]> {
    const items: ListedTraceRequest[] = [];
    let bookmark = '';
    do {
      const page = await d.evaluate<Page<ListedTraceRequest>>(
        user,
        Tx.ListTraceRequests,
        status,
        asOf,
        '200',
        bookmark,
      );
      items.push(...page.items);
      bookmark = page.bookmark;
    } while (bookmark !== '');
    return items;
  }

  beforeAll(async () => {
    d = await startScenario();
    await registerProduct(d);
    await commission(d, ['TR1', 'TR2', 'TR3']);
    await shipAndReceive(d, 'manufacturer', 'distributor', [pack('TR1'), pack('TR2')]);
    await shipAndReceive(d, 'distributor', 'pharmacy', [pack('TR1')]);
    // The pharmacy's own verification of TR1: part of the full history, not of a partner's.
    await d.submit('pharmacy', Tx.RecordScan, code('TR1'));
  });
  afterAll(async () => d.stop());

  describe('asking', () => {
    it('records the regulator’s request with its reason, incident, test flag and clock', async () => {
      const recorded = await request('regulator', 'pack', 'TR1', 'audit', 'true');
      const due = traceRequestDue(new Date(recorded.requestedAt));
      expect(recorded).toMatchObject({
        docType: 'trace-request',
        subject: { kind: 'pack', gtin: GTIN, serial: 'TR1' },
        reason: 'audit',
        test: true,
        requestedBy: PARTIES.regulator.gln,
        requesterRole: 'regulator',
        addressee: PARTIES.manufacturer.gln,
        dueAt: due.dueAt.toISOString(),
        dueRule: due.rule,
        status: 'open',
        answer: null,
      });
      expect(recorded.id).toMatch(/^[0-9a-f]{64}$/);
      const hours = (Date.parse(recorded.dueAt) - Date.parse(recorded.requestedAt)) / 3600_000;
      expect(hours).toBeGreaterThan(0);
      expect(hours).toBeLessThanOrEqual(48);
      expect(await d.evaluate('regulator', Tx.GetTraceRequest, recorded.id)).toEqual(recorded);
    });

    it.each(['suspect', 'illegitimate', 'recall', 'audit'])(
      'lets the regulator ask about a lot for %s',
      async (reason) => {
        const recorded = await request('regulator', 'lot', LOT, reason);
        expect(recorded).toMatchObject({ subject: { kind: 'lot', gtin: GTIN, lot: LOT }, reason });
      },
    );

    it.each([
      ['pharmacy', 'suspect'],
      ['distributor', 'illegitimate'],
    ] as const)(
      'lets a %s that held the pack ask while investigating %s product',
      async (user, reason) => {
        const recorded = await request(user, 'pack', 'TR1', reason);
        expect(recorded).toMatchObject({
          requestedBy: PARTIES[user].gln,
          requesterRole: user,
          addressee: PARTIES.manufacturer.gln,
          test: false,
        });
      },
    );

    it('refuses a partner that never held the pack', async () => {
      const error = await refusal(request('pharmacy2', 'pack', 'TR1', 'suspect'));
      expect(error.code).toBe('NOT_PERMITTED');
      expect(error.message).toContain('it has held');
    });

    it.each(['recall', 'audit'])('refuses a partner’s request for %s', async (reason) => {
      const error = await refusal(request('pharmacy', 'pack', 'TR1', reason));
      expect(error.code).toBe('NOT_PERMITTED');
      expect(error.message).toContain('regulator');
    });

    it('refuses a partner’s request about a whole lot', async () => {
      const error = await refusal(request('distributor', 'lot', LOT, 'suspect'));
      expect(error.code).toBe('NOT_PERMITTED');
      expect(error.message).toContain('whole lot');
    });

    it('refuses the product’s manufacturer asking about its own pack', async () => {
      const error = await refusal(request('manufacturer', 'pack', 'TR3', 'suspect'));
      expect(error.code).toBe('NOT_PERMITTED');
      expect(error.message).toContain('answers');
    });

    it.each([
      ['an unknown kind', ['case', GTIN, 'TR1', 'suspect', 'INC-X', 'false'], 'INVALID_ARGUMENT'],
      ['an unknown reason', ['pack', GTIN, 'TR1', 'curious', 'INC-X', 'false'], 'INVALID_ARGUMENT'],
      ['an empty incident', ['pack', GTIN, 'TR1', 'suspect', ' ', 'false'], 'INVALID_ARGUMENT'],
      [
        'an incident over 64 characters',
        ['pack', GTIN, 'TR1', 'suspect', 'I'.repeat(65), 'false'],
        'INVALID_ARGUMENT',
      ],
      [
        'a test flag not true or false',
        ['pack', GTIN, 'TR1', 'suspect', 'INC-X', 'yes'],
        'INVALID_ARGUMENT',
      ],
      ['a malformed GTIN', ['pack', '123', 'TR1', 'suspect', 'INC-X', 'false'], 'INVALID_CODE'],
      [
        'an unregistered product',
        ['pack', UNREGISTERED_GTIN, 'TR1', 'suspect', 'INC-X', 'false'],
        'PRODUCT_NOT_FOUND',
      ],
      ['a malformed serial', ['pack', GTIN, 'TR 1', 'suspect', 'INC-X', 'false'], 'INVALID_CODE'],
      ['a malformed lot', ['lot', GTIN, 'L'.repeat(21), 'audit', 'INC-X', 'false'], 'INVALID_CODE'],
      ['an unknown pack', ['pack', GTIN, 'NOPE', 'suspect', 'INC-X', 'false'], 'PACK_NOT_FOUND'],
      ['an unknown lot', ['lot', GTIN, 'LOT-NONE', 'audit', 'INC-X', 'false'], 'BATCH_NOT_FOUND'],
    ])('refuses %s and records nothing', async (_what, args, expected) => {
      const asOf = new Date(d.now().getTime() + 365 * 24 * 3600_000).toISOString();
      const before = (await listed('regulator', 'open', asOf)).length;
      const [kind = '', g = '', item = '', reason = '', incident = '', test = ''] = args;
      const error = await refusal(
        d.submit('regulator', Tx.RequestTrace, kind, g, item, reason, incident, test),
      );
      expect(error.code).toBe(expected);
      expect(await listed('regulator', 'open', asOf)).toHaveLength(before);
    });
  });

  describe('answering', () => {
    it('records who answered, when, and that it was on time', async () => {
      const asked = await request('pharmacy', 'pack', 'TR1', 'suspect');
      const answered = await d.submit<TraceRequest>(
        'manufacturer',
        Tx.AnswerTraceRequest,
        asked.id,
      );
      expect(answered).toMatchObject({
        id: asked.id,
        status: 'answered',
        answer: { answeredBy: PARTIES.manufacturer.gln, onTime: true },
      });
      expect((answered.answer?.answeredAt ?? '') >= asked.requestedAt).toBe(true);
      expect(answered.answer?.txId).toMatch(/^[0-9a-f]{64}$/);
      expect(await d.evaluate('pharmacy', Tx.GetTraceRequest, asked.id)).toEqual(answered);
    });

    it('refuses a second answer', async () => {
      const asked = await request('regulator', 'pack', 'TR2', 'audit');
      await d.submit('manufacturer', Tx.AnswerTraceRequest, asked.id);
      const error = await refusal(d.submit('manufacturer', Tx.AnswerTraceRequest, asked.id));
      expect(error.code).toBe('TRACE_REQUEST_ANSWERED');
    });

    it('refuses an answer from a manufacturer that is not the addressee', async () => {
      const asked = await request('regulator', 'pack', 'TR2', 'audit');
      const error = await refusal(d.submit('manufacturer2', Tx.AnswerTraceRequest, asked.id));
      expect(error.code).toBe('NOT_PERMITTED');
      expect(
        (await d.evaluate<TraceRequest>('regulator', Tx.GetTraceRequest, asked.id)).status,
      ).toBe('open');
    });

    it.each(['regulator', 'distributor', 'pharmacy'] as const)(
      'refuses an answer from the %s (only manufacturers answer)',
      async (user) => {
        const asked = await request('regulator', 'pack', 'TR2', 'audit');
        expect((await refusal(d.submit(user, Tx.AnswerTraceRequest, asked.id))).code).toBe(
          'ROLE_FORBIDDEN',
        );
      },
    );

    it('refuses to answer a request that does not exist, or a malformed id', async () => {
      expect(
        (await refusal(d.submit('manufacturer', Tx.AnswerTraceRequest, 'b'.repeat(64)))).code,
      ).toBe('TRACE_REQUEST_NOT_FOUND');
      expect((await refusal(d.submit('manufacturer', Tx.AnswerTraceRequest, 'nope'))).code).toBe(
        'INVALID_ARGUMENT',
      );
    });
  });

  describe('events', () => {
    it('tells the requester and the addressee of a request and of its answer, naming it only', async () => {
      const events = await d.recordEvents();
      try {
        const asked = await request('distributor', 'pack', 'TR2', 'illegitimate');
        const requested = await events.ledgerEvent(asked.id);
        expect(requested).toMatchObject({
          type: 'TraceRequested',
          by: PARTIES.distributor.gln,
          subject: { traceRequest: asked.id, dueAt: asked.dueAt },
          epcis: [],
        });
        expect([...requested.parties].sort()).toEqual(
          [PARTIES.distributor.gln, PARTIES.manufacturer.gln].sort(),
        );
        const answered = await d.submit<TraceRequest>(
          'manufacturer',
          Tx.AnswerTraceRequest,
          asked.id,
        );
        const answerEvent = await events.ledgerEvent(answered.answer?.txId ?? '');
        expect(answerEvent).toMatchObject({
          type: 'TraceRequestAnswered',
          by: PARTIES.manufacturer.gln,
          subject: { traceRequest: asked.id, onTime: 'true' },
          epcis: [],
        });
        expect([...answerEvent.parties].sort()).toEqual(
          [PARTIES.distributor.gln, PARTIES.manufacturer.gln].sort(),
        );
        // The history itself is read with GetTraceAnswer by those entitled, never broadcast.
        expect(JSON.stringify([requested, answerEvent])).not.toContain('TR2');
      } finally {
        events.close();
      }
    });

    it('tells nobody of a refused request', async () => {
      const events = await d.recordEvents();
      try {
        await refusal(request('distributor', 'pack', 'TR3', 'suspect'));
        // A later write's event arrives; nothing came before it from the refused request.
        const later = await request('regulator', 'pack', 'TR3', 'audit');
        await events.until(later.id);
        expect(events.events.map((event) => event.transactionId)).toEqual([later.id]);
      } finally {
        events.close();
      }
    });
  });

  describe('reading the answer', () => {
    let asked: TraceRequest;

    beforeAll(async () => {
      asked = await request('pharmacy', 'pack', 'TR1', 'illegitimate');
    });

    it('refuses to read a request or answer that does not exist', async () => {
      const missing = 'd'.repeat(64);
      expect((await refusal(d.evaluate('regulator', Tx.GetTraceRequest, missing))).code).toBe(
        'TRACE_REQUEST_NOT_FOUND',
      );
      expect(
        (await refusal(d.evaluate('regulator', Tx.GetTraceAnswer, missing, '', ''))).code,
      ).toBe('TRACE_REQUEST_NOT_FOUND');
    });

    it('refuses the answer before it is given', async () => {
      expect(
        (await refusal(d.evaluate('pharmacy', Tx.GetTraceAnswer, asked.id, '', ''))).code,
      ).toBe('TRACE_REQUEST_OPEN');
    });

    it('refuses a party that neither asked nor answers', async () => {
      for (const user of ['pharmacy2', 'distributor', 'manufacturer2'] as const) {
        expect((await refusal(d.evaluate(user, Tx.GetTraceRequest, asked.id))).code).toBe(
          'NOT_PERMITTED',
        );
        expect((await refusal(d.evaluate(user, Tx.GetTraceAnswer, asked.id, '', ''))).code).toBe(
          'NOT_PERMITTED',
        );
      }
    });

    it('gives the partner every owner and custody transaction, without scans or notes', async () => {
      await d.submit('manufacturer', Tx.AnswerTraceRequest, asked.id);
      const answer = await d.evaluate<TraceAnswer>('pharmacy', Tx.GetTraceAnswer, asked.id, '', '');
      expect(answer.view).toBe('partner');
      expect(answer.complete).toBe(true);
      expect(answer.owners).toEqual([
        PARTIES.manufacturer.gln,
        PARTIES.distributor.gln,
        PARTIES.pharmacy.gln,
      ]);
      expect(answer.packs).toHaveLength(1);
      const events = answer.packs[0]?.events ?? [];
      expect(events.map((entry) => entry.bizStep)).toEqual([
        'commissioning',
        'shipping',
        'receiving',
        'shipping',
        'receiving',
      ]);
      expect(events.some((entry) => entry.subject === 'scan')).toBe(false);
      expect(events.some((entry) => entry.note !== undefined)).toBe(false);
    });

    it('gives the regulator the full history, scans included', async () => {
      const answer = await d.evaluate<TraceAnswer>(
        'regulator',
        Tx.GetTraceAnswer,
        asked.id,
        '',
        '',
      );
      expect(answer.view).toBe('full');
      expect(answer.packs[0]?.events.filter((entry) => entry.subject === 'scan')).toHaveLength(1);
    });

    it('stays what was known when answered, whatever happens to the pack later', async () => {
      const before = await d.evaluate<TraceAnswer>('pharmacy', Tx.GetTraceAnswer, asked.id, '', '');
      await d.submit('pharmacy', Tx.Dispense, GTIN, 'TR1');
      expect(await d.evaluate('pharmacy', Tx.GetTraceAnswer, asked.id, '', '')).toEqual(before);
    });

    it('answers a lot request with every pack of the lot', async () => {
      const lot = await request('regulator', 'lot', LOT, 'recall');
      await d.submit('manufacturer', Tx.AnswerTraceRequest, lot.id);
      const answer = await d.evaluate<TraceAnswer>('regulator', Tx.GetTraceAnswer, lot.id, '', '');
      expect(answer.packs.map((traced) => traced.serial).sort()).toEqual(['TR1', 'TR2', 'TR3']);
      expect(answer.complete).toBe(true);
      expect(answer.owners).toContain(PARTIES.pharmacy.gln);
    });
  });

  describe("paging a lot's answer", () => {
    /** Every page of an answer, following its bookmarks. */
    async function pages(user: ScenarioUser, id: string, pageSize: string): Promise<TraceAnswer[]> {
      const answers: TraceAnswer[] = [];
      let bookmark = '';
      do {
        const page = await d.evaluate<TraceAnswer>(user, Tx.GetTraceAnswer, id, pageSize, bookmark);
        answers.push(page);
        bookmark = page.bookmark;
      } while (bookmark !== '' && answers.length < 50);
      return answers;
    }

    it('gives a lot in pages of 50 when no size is asked, every pack once', async () => {
      const big = 'LOT-TRACE-120';
      const serials = Array.from({ length: 120 }, (_, n) => `TB${String(n).padStart(3, '0')}`);
      await commission(d, serials, big);
      const asked = await d.submit<TraceRequest>(
        'regulator',
        Tx.RequestTrace,
        'lot',
        GTIN,
        big,
        'recall',
        'INC-PAGES',
        'false',
      );
      await d.submit('manufacturer', Tx.AnswerTraceRequest, asked.id);
      const answers = await pages('regulator', asked.id, '');
      expect(answers.map((page) => [page.packs.length, page.complete])).toEqual([
        [DEFAULT_TRACE_LOT_PACKS, false],
        [DEFAULT_TRACE_LOT_PACKS, false],
        [20, true],
      ]);
      expect(answers[2]?.bookmark).toBe('');
      const listed = answers.flatMap((page) => page.packs.map((traced) => traced.serial));
      expect([...listed].sort()).toEqual(serials);
      expect(answers.every((page) => page.owners.includes(PARTIES.manufacturer.gln))).toBe(true);
    });

    it('pages a lot by the size asked, and every partner page as the partner sees it', async () => {
      const lot = await request('regulator', 'lot', LOT, 'audit');
      await d.submit('manufacturer', Tx.AnswerTraceRequest, lot.id);
      const answers = await pages('regulator', lot.id, '2');
      expect(answers.map((page) => page.packs.length)).toEqual([2, 1]);
      expect(answers.map((page) => page.complete)).toEqual([false, true]);
      expect(answers.flatMap((page) => page.packs.map((traced) => traced.serial)).sort()).toEqual([
        'TR1',
        'TR2',
        'TR3',
      ]);
    });

    it('refuses a page size out of range, a bookmark on a pack answer, and a foreign bookmark', async () => {
      const lot = await request('regulator', 'lot', LOT, 'audit');
      await d.submit('manufacturer', Tx.AnswerTraceRequest, lot.id);
      const packAsked = await request('regulator', 'pack', 'TR1', 'audit');
      await d.submit('manufacturer', Tx.AnswerTraceRequest, packAsked.id);
      for (const size of ['0', '201', 'ten']) {
        const error = await refusal(d.evaluate('regulator', Tx.GetTraceAnswer, lot.id, size, ''));
        expect(error.code).toBe('INVALID_ARGUMENT');
      }
      const first = await d.evaluate<TraceAnswer>('regulator', Tx.GetTraceAnswer, lot.id, '2', '');
      const onPack = await refusal(
        d.evaluate('regulator', Tx.GetTraceAnswer, packAsked.id, '2', first.bookmark),
      );
      expect(onPack.code).toBe('INVALID_ARGUMENT');
      const foreign = await refusal(
        d.evaluate('regulator', Tx.GetTraceAnswer, lot.id, '2', '["not","ours"]'),
      );
      expect(foreign.code).toBe('INVALID_ARGUMENT');
    });
  });

  describe('listing open and overdue requests', () => {
    let open: TraceRequest;
    let answered: TraceRequest;

    beforeAll(async () => {
      open = await request('distributor', 'pack', 'TR2', 'suspect');
      answered = await request('regulator', 'pack', 'TR3', 'audit');
      await d.submit('manufacturer', Tx.AnswerTraceRequest, answered.id);
    });

    const ids = (items: readonly ListedTraceRequest[]) => items.map((item) => item.id);
    const justAfter = (iso: string) => new Date(Date.parse(iso) + 1000).toISOString();

    it('shows the regulator an open request, not overdue before its due time', async () => {
      const items = await listed('regulator', 'open', open.requestedAt);
      expect(items.find((item) => item.id === open.id)).toMatchObject({ overdue: false });
      expect(ids(items)).not.toContain(answered.id);
      expect(ids(await listed('regulator', 'overdue', open.dueAt))).not.toContain(open.id);
    });

    it('shows it overdue once its due time has passed', async () => {
      const items = await listed('regulator', 'overdue', justAfter(open.dueAt));
      expect(items.find((item) => item.id === open.id)).toMatchObject({ overdue: true });
      expect(items.every((item) => item.overdue && item.status === 'open')).toBe(true);
    });

    it('lists answered requests apart, never overdue', async () => {
      const items = await listed('regulator', 'answered', justAfter(answered.dueAt));
      expect(items.find((item) => item.id === answered.id)).toMatchObject({ overdue: false });
      expect(ids(items)).not.toContain(open.id);
    });

    it('shows a partner only the requests it made or must answer', async () => {
      const asOf = justAfter(open.dueAt);
      expect(ids(await listed('distributor', 'open', asOf))).toContain(open.id);
      expect(ids(await listed('manufacturer', 'open', asOf))).toContain(open.id);
      expect(ids(await listed('pharmacy2', 'open', asOf))).toEqual([]);
      expect(ids(await listed('distributor', 'answered', asOf))).not.toContain(answered.id);
    });

    // Instants are the ledger's own clock, read when the test runs (any day): NOW as a UTC
    // instant, SPACED as the same moment written with a space instead of the T.
    const NOW = '<ledger now>';
    const SPACED = '<ledger now, spaced>';
    it.each([
      ['an unknown status', ['late', NOW, '', '']],
      ['an asOf that is not a UTC instant', ['open', SPACED, '', '']],
      ['a page size over 200', ['open', NOW, '201', '']],
      ['a bookmark of another listing', ['open', NOW, '', 'not-a-bookmark']],
    ])('refuses %s', async (_what, [status = '', given = '', size = '', bookmark = '']) => {
      const now = d.now().toISOString();
      const asOf = given === NOW ? now : given === SPACED ? now.replace('T', ' ') : given;
      expect(
        (await refusal(d.evaluate('regulator', Tx.ListTraceRequests, status, asOf, size, bookmark)))
          .code,
      ).toBe('INVALID_ARGUMENT');
    });
  });
});
