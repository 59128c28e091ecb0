/**
 * EPCIS capture and query against a hostile or careless trading partner (issue 20, items 1, 7,
 * 8, 10; issue 22, item 3): a document that would stall the gateway, lists longer than the
 * ledger takes, forged and foreign page tokens, a reused eventID, event times centuries away,
 * and GS1's own example documents checked against GS1's own schema shipped with the gateway.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';
import { epcisSchemaIssues } from '../src/epcis/epcis-schema';

const GTIN = '09506000134352';
const CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
const EXPIRY_DATE = `20${EXPIRY.slice(0, 2)}-${EXPIRY.slice(2, 4)}-${EXPIRY.slice(4, 6)}`;
const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
/** The ledger's largest commissioning call, and so the longest list a document may carry. */
const LARGEST_LIST = 50_000;

type Event = Record<string, unknown>;

const urn = (serial: string): string => `urn:epc:id:sgtin:9506000.013435.${serial}`;
const packUri = (serial: string): string => `https://id.gs1.org/01/${GTIN}/21/${serial}`;
const partyUri = (gln: string): string => `https://id.gs1.org/414/${gln}`;
const iso = (millis: number): string => new Date(millis).toISOString();

function documentOf(events: Event[]): Event {
  return {
    '@context': [CONTEXT],
    type: 'EPCISDocument',
    schemaVersion: '2.0',
    creationDate: iso(Date.now()),
    epcisBody: { eventList: events },
  };
}

let nextId = 0;
/** A fresh event id per call, so suites and re-runs never collide. */
const freshId = (): string =>
  `urn:uuid:00000000-0000-4000-8000-${String(Date.now() % 1e8).padStart(8, '0')}${String(nextId++).padStart(4, '0')}`;

/** A commissioning event an hour ago (times are built from now: no test depends on the date). */
function commission(epcs: string[], fields: Event = {}): Event {
  return {
    type: 'ObjectEvent',
    eventID: freshId(),
    eventTime: iso(Date.now() - HOUR),
    eventTimeZoneOffset: '+00:00',
    action: 'ADD',
    bizStep: 'commissioning',
    disposition: 'active',
    epcList: epcs,
    ilmd: { 'cbvmda:lotNumber': 'HX1', 'cbvmda:itemExpirationDate': EXPIRY_DATE },
    ...fields,
  };
}

const serials = (prefix: string, count: number): string[] =>
  Array.from({ length: count }, (_, n) => `${prefix}${n.toString(36).padStart(4, '0')}`);

interface Answer {
  status: number;
  body: string;
  ms: number;
}

/** One request on its own new TCP connection to a listening server. */
function send(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  token?: string,
  body?: string,
): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        headers: {
          ...(token === undefined ? {} : { Authorization: `Bearer ${token}` }),
          ...(body === undefined
            ? {}
            : { 'Content-Type': 'application/ld+json', 'Content-Length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Asks `/healthz` on a new connection every 50 ms from a thread of its own, so a probe goes out
 * on time even while the gateway's event loop (which this test shares) is blocked, and its
 * answer time is measured where the wait is felt: a client's.
 */
const PROBER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
let stopped = false;
parentPort.on('message', () => { stopped = true; });
const probe = () => new Promise((resolve) => {
  const started = performance.now();
  const req = http.get(
    { host: '127.0.0.1', port: workerData.port, path: '/healthz', agent: false },
    (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }));
    },
  );
  req.on('error', () => resolve({ status: 0, ms: performance.now() - started }));
});
(async () => {
  while (!stopped) {
    parentPort.postMessage(await probe());
    await new Promise((wake) => setTimeout(wake, 50));
  }
  parentPort.postMessage('done');
})();
`;

interface Probe {
  status: number;
  ms: number;
}

/**
 * Posts a document on one connection while another thread asks `/healthz` on new connections:
 * what the capture answered, how long it took, and each probe made meanwhile.
 */
async function captureWhileProbing(
  port: number,
  token: string,
  document: Event,
): Promise<{ capture: Answer; probes: Probe[] }> {
  const body = JSON.stringify(document);
  const prober = new Worker(PROBER, { eval: true, workerData: { port } });
  const probes: Probe[] = [];
  let running: () => void = () => undefined;
  let stopped: () => void = () => undefined;
  const started = new Promise<void>((wake) => (running = wake));
  const done = new Promise<void>((wake) => (stopped = wake));
  prober.on('message', (message: Probe | 'done') => {
    if (message === 'done') {
      stopped();
    } else {
      probes.push(message);
      running();
    }
  });
  try {
    await started;
    const before = probes.length;
    const capture = await send(port, 'POST', '/api/v1/epcis/capture', token, body);
    prober.postMessage('stop');
    await done;
    return { capture, probes: probes.slice(before) };
  } finally {
    await prober.terminate();
  }
}

describe('EPCIS capture against a hostile or careless partner', () => {
  let gw: TestGateway;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    gw = await startGateway();
    await registerProduct(gw);
    server = createServer(gw.app);
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    port = (server.address() as AddressInfo).port;
  }, 120000);
  afterAll(async () => {
    await new Promise((closed) => server.close(closed));
    await gw.stop();
  });

  describe('one document cannot stall the gateway', () => {
    it('answers /healthz within a second while a 50,000-entry list of the issue’s kind is checked', async () => {
      // The issue's document: one ObjectEvent whose epcList holds 50,000 distinct URIs.
      const epcs = Array.from({ length: LARGEST_LIST }, (_, n) => `urn:x:${n}`);
      const { capture, probes } = await captureWhileProbing(
        port,
        gw.tokens['manufacturer'] ?? '',
        documentOf([commission(epcs)]),
      );
      expect(capture.status).toBe(202);
      const job = JSON.parse(capture.body) as { events: Array<{ error?: { code: string } }> };
      expect(job.events[0]?.error?.code).toBe('INVALID_IDENTIFIER');
      expect(probes.length).toBeGreaterThan(0);
      expect(probes.every((probe) => probe.status === 200)).toBe(true);
      expect(Math.max(...probes.map((probe) => probe.ms))).toBeLessThan(1000);
    }, 120000);

    it('answers /healthz within a second while the largest document it accepts is captured', async () => {
      // As many packs as one ledger call commissions, by EPC URN: about 2 MB, the body limit.
      const made = serials('L', LARGEST_LIST);
      const document = documentOf([commission(made.map(urn))]);
      expect(JSON.stringify(document).length).toBeGreaterThan(1_900_000);
      const { capture, probes } = await captureWhileProbing(
        port,
        gw.tokens['manufacturer'] ?? '',
        document,
      );
      expect(capture.status).toBe(202);
      const job = JSON.parse(capture.body) as { events: Array<{ status: string }> };
      expect(job.events.map((e) => e.status)).toEqual(['recorded']);
      expect(probes.length).toBeGreaterThan(0);
      expect(probes.every((probe) => probe.status === 200)).toBe(true);
      expect(Math.max(...probes.map((probe) => probe.ms))).toBeLessThan(1000);
      for (const serial of [made[0], made[LARGEST_LIST - 1]]) {
        await as(gw, 'regulator')
          .get(`/packs/${GTIN}/${serial ?? ''}`)
          .expect(200);
      }
    }, 300000);
  });

  describe('lists longer than the ledger takes are refused before any costly check', () => {
    async function refusedWhole(document: Event, path: string, limit: number): Promise<void> {
      const before = await gw.height();
      const started = Date.now();
      const response = await as(gw, 'manufacturer').post('/epcis/capture', document);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('LIMIT_EXCEEDED');
      expect(response.body.details).toMatchObject({ path, limit });
      expect(response.body.detail).toContain(String(limit));
      // Refused by the cheap walk, not after a schema check of the whole document.
      expect(Date.now() - started).toBeLessThan(2000);
      expect(await gw.height()).toBe(before);
    }

    it('refuses a commissioning list of one more than a ledger call takes', async () => {
      await refusedWhole(
        documentOf([commission(serials('M', LARGEST_LIST + 1).map(urn))]),
        '/epcisBody/eventList/0/epcList',
        LARGEST_LIST,
      );
    }, 60000);

    it('refuses a shipment of more items than the ledger ships at once', async () => {
      const shipping: Event = {
        type: 'ObjectEvent',
        eventID: freshId(),
        eventTime: iso(Date.now() - HOUR),
        eventTimeZoneOffset: '+00:00',
        action: 'OBSERVE',
        bizStep: 'shipping',
        epcList: serials('N', 1001).map(packUri),
        destinationList: [
          { type: 'owning_party', destination: partyUri(gw.gln['distributor'] ?? '') },
        ],
      };
      await refusedWhole(documentOf([shipping]), '/epcisBody/eventList/0/epcList', 1000);
    });

    it('refuses more identifiers in all than one ledger call takes', async () => {
      const half = (prefix: string) => commission(serials(prefix, LARGEST_LIST / 2 + 1).map(urn));
      await refusedWhole(documentOf([half('P'), half('Q')]), '/', LARGEST_LIST);
    }, 60000);

    it('refuses a long list the ledger never reads, deep nesting, and too many events', async () => {
      const sensors = commission([urn('S1')], {
        sensorElementList: Array.from({ length: 1001 }, () => ({
          sensorReport: [{ type: 'Temperature', value: 4 }],
        })),
      });
      await refusedWhole(documentOf([sensors]), '/epcisBody/eventList/0/sensorElementList', 1000);
      let nested: Event = { 'example:leaf': 'x' };
      for (let depth = 0; depth < 40; depth += 1) {
        nested = { 'example:inner': nested };
      }
      const deep = await as(gw, 'manufacturer').post(
        '/epcis/capture',
        documentOf([commission([urn('S2')], { 'example:data': nested })]),
      );
      expect(deep.status).toBe(400);
      expect(deep.body.code).toBe('LIMIT_EXCEEDED');
      await refusedWhole(
        documentOf(Array.from({ length: 101 }, (_, n) => commission([urn(`E${n}`)]))),
        '/epcisBody/eventList',
        100,
      );
    });

    it('still refuses a list with a repeated entry, by GS1’s schema', async () => {
      const response = await as(gw, 'manufacturer').post(
        '/epcis/capture',
        documentOf([commission([...serials('R', 3000).map(urn), urn('R0001')])]),
      );
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('EPCIS_SCHEMA_INVALID');
      expect(JSON.stringify(response.body.details.issues)).toContain('duplicate');
    });
  });

  describe('a page token is the server’s own', () => {
    let token: string;
    const firstPage = 'EQ_bizStep=commissioning&perPage=1';

    beforeAll(async () => {
      // Two transactions, so that a page of one ends before the other (and one batch may be
      // commissioned once in a document captured whole).
      const made = await as(gw, 'manufacturer')
        .post('/epcis/capture', documentOf([commission([urn('T1')]), commission([urn('T2')])]))
        .set('GS1-Capture-Error-Behaviour', 'proceed');
      expect(made.status).toBe(202);
      const page = await as(gw, 'manufacturer').get(`/epcis/events?${firstPage}`).expect(200);
      token = String(page.headers['gs1-next-page-token']);
      expect(token).not.toBe('undefined');
    }, 60000);

    async function refused(user: string, query: string): Promise<void> {
      const started = Date.now();
      const response = await as(gw, user).get(`/epcis/events?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('PAGE_TOKEN_INVALID');
      expect(Date.now() - started).toBeLessThan(1000);
    }

    it('pages on with the token it gave', async () => {
      const next = await as(gw, 'manufacturer')
        .get(`/epcis/events?${firstPage}&nextPageToken=${encodeURIComponent(token)}`)
        .expect(200);
      expect(next.body.epcisBody.queryResults.resultsBody.eventList).toHaveLength(1);
    });

    it('refuses at once a made-up token naming block 10^15', async () => {
      const [, txId = '', , mac = ''] = token.split('.');
      await refused(
        'manufacturer',
        `${firstPage}&nextPageToken=999999999999999.${txId}.999999999999999`,
      );
      await refused(
        'manufacturer',
        `${firstPage}&nextPageToken=999999999999999.${txId}.999999999999999.${mac}`,
      );
    });

    it('refuses a token altered in one place', async () => {
      const [block = '', txId = '', end = '', mac = ''] = token.split('.');
      const altered = [
        `${block}.${txId}.${Number(end) + 1}.${mac}`,
        `${Number(block) + 1}.${txId}.${end}.${mac}`,
        `${block}.${txId.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))}.${end}.${mac}`,
        `${block}.${txId}.${end}.${mac.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
      ];
      for (const forged of altered) {
        await refused('manufacturer', `${firstPage}&nextPageToken=${encodeURIComponent(forged)}`);
      }
    });

    it('refuses another user’s token, and a token of another query', async () => {
      const withToken = `nextPageToken=${encodeURIComponent(token)}`;
      await refused('regulator', `${firstPage}&${withToken}`);
      await refused('manufacturer', `EQ_bizStep=shipping&perPage=1&${withToken}`);
      await refused(
        'manufacturer',
        `EQ_bizStep=commissioning&eventType=ObjectEvent&perPage=1&${withToken}`,
      );
    });

    it('pages on with its token after the gateway restarts (the key is the gateway’s, not the process’s)', async () => {
      gw = await gw.restart();
      const next = await as(gw, 'manufacturer')
        .get(`/epcis/events?${firstPage}&nextPageToken=${encodeURIComponent(token)}`)
        .expect(200);
      expect(next.body.epcisBody.queryResults.resultsBody.eventList).toHaveLength(1);
    }, 60000);
  });

  describe('an eventID names one event', () => {
    it('refuses a second event under a used eventID, and records nothing of it', async () => {
      const first = commission([urn('U1')]);
      const second = { ...commission([urn('U2')]), eventID: first['eventID'] };
      // Event by event: the first is recorded, the second refused on its own.
      const response = await as(gw, 'manufacturer')
        .post('/epcis/capture', documentOf([first, second]))
        .set('GS1-Capture-Error-Behaviour', 'proceed');
      expect(response.status).toBe(202);
      expect(response.body.events.map((e: { status: string }) => e.status)).toEqual([
        'recorded',
        'refused',
      ]);
      expect(response.body.events[1].error.code).toBe('EVENT_ID_REUSED');
      expect(response.body.success).toBe(false);
      await as(gw, 'regulator').get(`/packs/${GTIN}/U1`).expect(200);
      expect((await as(gw, 'regulator').get(`/packs/${GTIN}/U2`)).status).toBe(404);

      // The same event again is already recorded; changed in a field the ledger does not act
      // on, it is another event.
      const again = await as(gw, 'manufacturer').post('/epcis/capture', documentOf([first]));
      expect(again.body.events[0].status).toBe('already_recorded');
      const moved = { ...first, readPoint: { id: partyUri(gw.gln['manufacturer'] ?? '') } };
      const other = await as(gw, 'manufacturer').post('/epcis/capture', documentOf([moved]));
      expect(other.body.events[0].error.code).toBe('EVENT_ID_REUSED');
    }, 60000);
  });

  describe('an event time far from the time it is recorded', () => {
    interface Outcome {
      status: string;
      error: { code: string; message: string };
    }
    const capturedAt = async (eventTime: string, serial: string): Promise<Outcome> => {
      const response = await as(gw, 'manufacturer').post(
        '/epcis/capture',
        documentOf([commission([urn(serial)], { eventTime })]),
      );
      return (response.body as { events: Outcome[] }).events[0]!;
    };

    it('is refused when centuries away or later than a clock’s drift, saying which bound', async () => {
      const cases: Array<[string, string, string]> = [
        ['9999-12-31T00:00:00Z', 'V1', 'minutes after'],
        ['0001-01-01T00:00:00Z', 'V2', 'days before'],
        [iso(Date.now() + 2 * HOUR), 'V3', 'minutes after'],
        [iso(Date.now() - 367 * DAY), 'V4', 'days before'],
      ];
      for (const [eventTime, serial, bound] of cases) {
        const outcome = await capturedAt(eventTime, serial);
        expect(outcome.status).toBe('refused');
        expect(outcome.error.code).toBe('EVENT_TIME_OUT_OF_RANGE');
        expect(outcome.error.message).toContain(eventTime);
        expect(outcome.error.message).toContain(bound);
        expect((await as(gw, 'regulator').get(`/packs/${GTIN}/${serial}`)).status).toBe(404);
      }
    }, 60000);

    it('is recorded within a year before, or minutes after', async () => {
      expect((await capturedAt(iso(Date.now() - 365 * DAY), 'W1')).status).toBe('recorded');
      expect((await capturedAt(iso(Date.now() + 30 * 60 * 1000), 'W2')).status).toBe('recorded');
    }, 60000);
  });
});

describe('GS1’s EPCIS 2.0 schema, shipped with the gateway', () => {
  const example = (name: string): unknown =>
    JSON.parse(readFileSync(join(__dirname, 'fixtures', 'gs1-epcis', name), 'utf8'));

  it('accepts GS1’s SensorDataExample8, whose sensorReport carries bizRules', async () => {
    expect(await epcisSchemaIssues(example('SensorDataExample8.jsonld'))).toEqual([]);
  });

  it('refuses what GS1’s schema refuses', async () => {
    const broken = example('SensorDataExample8.jsonld') as {
      epcisBody: { eventList: Array<Record<string, unknown>> };
    };
    const [event] = broken.epcisBody.eventList;
    if (event !== undefined) {
      event['action'] = 'JUMP';
    }
    expect((await epcisSchemaIssues(broken)).length).toBeGreaterThan(0);
  });

  it('is read from the gateway’s own files: no source runs npm or fetches at run time', () => {
    const root = join(__dirname, '..', '..');
    const sources = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
      });
    const packages = readdirSync(root).filter((name) => {
      try {
        return statSync(join(root, name, 'src')).isDirectory() && name !== 'node_modules';
      } catch {
        return false;
      }
    });
    expect(packages).toContain('gateway-api');
    const offending = packages
      .flatMap((name) => sources(join(root, name, 'src')))
      .filter((path) =>
        /npm pack|(execFile|spawn|exec)\(\s*['"]npm['"]/.test(readFileSync(path, 'utf8')),
      );
    expect(offending).toEqual([]);
    const gateway = sources(join(root, 'gateway-api', 'src')).filter((path) =>
      /child_process/.test(readFileSync(path, 'utf8')),
    );
    expect(gateway).toEqual([]);
  });
});
