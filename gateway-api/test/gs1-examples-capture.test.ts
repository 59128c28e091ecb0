/**
 * Issue 22: GS1's own example documents about SGTINs and SSCCs (the `gs1/EPCIS` repository's
 * `JSON/` folder, shipped unchanged in `fixtures/gs1-epcis-examples/`) captured through
 * `POST /api/v1/epcis/capture`. None may be refused by the schema or answered 400 before capture,
 * and each event's outcome must be the one docs/epcis-examples.md lists for it, so that page is
 * true by test. On a difference the test prints the table as it stands, ready to paste.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { gs1CheckDigit } from '@packtrace/gs1';
import {
  EXPIRY,
  PASSWORD,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

const FIXTURES = join(__dirname, 'fixtures', 'gs1-epcis-examples');
const TABLE = join(__dirname, '..', '..', 'docs', 'epcis-examples.md');
const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

/** A GS1 identifier's digits with their check digit appended. */
const withCheckDigit = (digits: string): string => `${digits}${gs1CheckDigit(digits)}`;

/** A product GS1's examples name, and the serials of it they name. */
interface ExampleProduct {
  readonly gtin: string;
  readonly serials: readonly string[];
}

/**
 * The companies of GS1's examples, each registered as a manufacturer owning its example company
 * prefix, at the GLN its examples give it (readPoint, source or destination), with the products
 * and the packs its examples name.
 */
interface ExampleCompany {
  readonly key: string;
  readonly name: string;
  readonly prefix: string;
  readonly gln: string;
  readonly products: readonly ExampleProduct[];
}

const COMPANIES: readonly ExampleCompany[] = [
  {
    key: '0614141',
    name: 'GS1 example company 0614141',
    prefix: '0614141',
    // urn:epc:id:sgln:0614141.00001.0, the owning party in GS1's 9.6.2 example
    gln: withCheckDigit('061414100001'),
    products: [
      // urn:epc:id:sgtin:0614141.107346.2017 and .2018
      { gtin: withCheckDigit('1061414107346'), serials: ['2017', '2018'] },
      // https://id.gs1.org/01/70614141123451/21/2017 and /2018
      { gtin: '70614141123451', serials: ['2017', '2018'] },
    ],
  },
  {
    key: '4012345',
    name: 'GS1 example company 4012345',
    prefix: '4012345',
    // urn:epc:id:sgln:4012345.00005.0, the readPoint of the sensor examples
    gln: withCheckDigit('401234500005'),
    products: [
      // urn:epc:id:sgtin:4012345.011111.9876
      { gtin: withCheckDigit('0401234511111'), serials: ['9876'] },
      // urn:epc:id:sgtin:4012345.022222.1234
      { gtin: withCheckDigit('0401234522222'), serials: ['1234'] },
    ],
  },
  {
    key: '9520001',
    name: 'GS1 example company 9520001',
    prefix: '9520001',
    // urn:epc:id:pgln:9520001.11111, the source owning party of the persistent-disposition example
    gln: withCheckDigit('952000111111'),
    products: [
      // urn:epc:id:sgtin:9520001.012346.10000001001 to …1010
      {
        gtin: withCheckDigit('0952000112346'),
        serials: Array.from({ length: 10 }, (_, i) => `1000000${String(1001 + i)}`),
      },
    ],
  },
];

/**
 * The examples in the order they are captured, each by the party whose packs it names (the demo
 * manufacturer owns GS1's 9506000 prefix, which the last two use).
 */
const EXAMPLES: readonly { readonly file: string; readonly by: string }[] = [
  { file: 'Example_9.6.1-ObjectEvent.jsonld', by: '0614141' },
  { file: 'Example_9.6.1-ObjectEvent-with-pseudo-SBDH-headers.jsonld', by: '0614141' },
  { file: 'Example_9.6.1-with-comment.jsonld', by: '0614141' },
  { file: 'Example_9.6.1-ObjectEventWithDigitalLink.jsonld', by: '0614141' },
  { file: 'Example_9.6.1-ObjectEvent-with-error-declaration.jsonld', by: '0614141' },
  { file: 'Example_9.6.3-AggregationEvent.jsonld', by: '0614141' },
  { file: 'Example_9.6.3-AggregationEventWithDigitalLink.jsonld', by: '0614141' },
  { file: 'aggregation_event_all_possible_fields.jsonld', by: '0614141' },
  { file: 'object_event_all_possible_fields.jsonld', by: '0614141' },
  { file: 'PersistentDisposition-example.jsonld', by: '9520001' },
  { file: 'SensorDataExample1.jsonld', by: '4012345' },
  { file: 'SensorDataExample2.jsonld', by: '4012345' },
  { file: 'SensorDataExample5.jsonld', by: '4012345' },
  { file: 'SensorDataExample6.jsonld', by: '4012345' },
  { file: 'SensorDataExample7.jsonld', by: '4012345' },
  { file: 'SensorDataExample8.jsonld', by: '4012345' },
  { file: 'SensorDataExample9.jsonld', by: '4012345' },
  { file: 'SensorDataExample10.jsonld', by: '4012345' },
  { file: 'SensorDataExample13.jsonld', by: 'manufacturer' },
  { file: 'SensorDataExample17.jsonld', by: 'manufacturer' },
];

type Json = Record<string, unknown>;

/** `YYYY-MM-DD…` with its calendar date moved `days` on; the time of day and zone unchanged. */
function addDays(time: string, days: number): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(T.*)$/.exec(time);
  if (match === null) throw new Error(`not a date-time: ${time}`);
  const [, year, month, day, rest] = match as unknown as [string, string, string, string, string];
  const moved = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)) + days * DAY);
  return `${moved.toISOString().slice(0, 10)}${rest}`;
}

const eventsOf = (document: Json): Json[] =>
  ((document['epcisBody'] as Json | undefined)?.['eventList'] as Json[] | undefined) ?? [];

/**
 * GS1's examples are dated 2005 to 2021; the ledger records an event only within 366 days before
 * its own time. Each document's `eventTime`s (and `declarationTime`s) move on by the same whole
 * number of days, so the latest lands between 26 and 2 hours before `now`: their order, the
 * intervals between them, their times of day and their zone offsets stay GS1's.
 */
function shiftedToNow(document: Json, now: number): Json {
  const times = eventsOf(document).map((event) => Date.parse(String(event['eventTime'])));
  if (times.some((time) => Number.isNaN(time))) throw new Error('an eventTime that is no time');
  const days = Math.floor((now - 2 * HOUR - Math.max(...times)) / DAY);
  const eventList = eventsOf(document).map((event) => {
    const moved: Json = { ...event, eventTime: addDays(String(event['eventTime']), days) };
    const declaration = event['errorDeclaration'] as Json | undefined;
    if (declaration !== undefined) {
      moved['errorDeclaration'] = {
        ...declaration,
        declarationTime: addDays(String(declaration['declarationTime']), days),
      };
    }
    return moved;
  });
  return { ...document, epcisBody: { ...(document['epcisBody'] as Json), eventList } };
}

/** One row of the outcome table: an event of an example and what capture answered for it. */
interface Row {
  readonly file: string;
  readonly event: string;
  readonly outcome: string;
  readonly reason: string;
}

interface JobEvent {
  readonly status: string;
  readonly error?: { readonly code: string; readonly message: string };
}

/** `recorded`, `already recorded`, `refused CODE`, … as the table writes an outcome. */
const outcomeOf = (result: JobEvent): string =>
  [result.status.replace(/_/g, ' '), result.error?.code]
    .filter((part) => part !== undefined)
    .join(' ');

const describeEvent = (index: number, event: Json): string =>
  [String(index + 1), event['type'], event['action'], event['bizStep']]
    .filter((part) => part !== undefined)
    .map(String)
    .join(' ');

/** The table's rows in docs/epcis-examples.md: file, event, outcome (before " — "), reason. */
function rowsOfTable(markdown: string): Row[] {
  return markdown
    .split('\n')
    .filter((line) => /^\|\s*`[^`]+\.jsonld`\s*\|/.test(line))
    .map((line) => {
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim());
      const [file = '', event = '', outcomeCell = ''] = cells;
      const [outcome = '', ...reason] = outcomeCell.split(' — ');
      return {
        file: file.replace(/`/g, ''),
        event,
        outcome: outcome.replace(/`/g, '').trim(),
        reason: reason.join(' — '),
      };
    });
}

const tableOf = (rows: readonly Row[]): string =>
  [
    '| example | event | outcome |',
    '| --- | --- | --- |',
    ...rows.map(
      (row) =>
        `| \`${row.file}\` | ${row.event} | ${row.outcome}${row.reason === '' ? '' : ` — ${row.reason}`} |`,
    ),
  ].join('\n');

describe('GS1’s EPCIS 2.0 example documents about SGTINs and SSCCs', () => {
  let gw: TestGateway;
  /** Bearer tokens of the party each example is posted by. */
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    gw = await startGateway();
    tokens.set('manufacturer', gw.tokens['manufacturer'] ?? '');
    await registerProduct(gw);
    await as(gw, 'manufacturer')
      .post('/batches', {
        gtin: '09506000134352',
        lot: 'GS1-EX',
        expiry: EXPIRY,
        serials: ['12345'],
      })
      .expect(201);
    // Usernames are also identities at the certificate authority, which outlives a Fabric channel.
    const run = Date.now().toString(36);
    for (const company of COMPANIES) {
      await as(gw, 'regulator')
        .post('/parties', {
          gln: company.gln,
          name: company.name,
          role: 'manufacturer',
          mspId: 'ManufacturerMSP',
          companyPrefixes: [company.prefix],
        })
        .expect(201);
      const username = `gs1-${company.key}-${run}`;
      // A company new to the organisation gets its administrator from the organisation's
      // operator (its tooling, not the API); no sister company's administrator may add it.
      await gw.accounts.appoint(
        { username, password: PASSWORD },
        { gln: company.gln, role: 'manufacturer', mspId: 'ManufacturerMSP' },
      );
      const signedIn = await request(gw.app)
        .post('/api/v1/auth/token')
        .send({ username, password: PASSWORD })
        .expect(200);
      const token = (signedIn.body as { token: string }).token;
      tokens.set(company.key, token);
      for (const product of company.products) {
        const auth = { Authorization: `Bearer ${token}` };
        await request(gw.app)
          .post('/api/v1/products')
          .set(auth)
          .send({
            gtin: product.gtin,
            name: company.name,
            form: 'tablet',
            strength: '1 mg',
            packSize: 10,
          })
          .expect(201);
        await request(gw.app)
          .post('/api/v1/batches')
          .set(auth)
          .send({ gtin: product.gtin, lot: 'GS1-EX', expiry: EXPIRY, serials: product.serials })
          .expect(201);
      }
    }
  }, 300000);
  afterAll(async () => gw.stop());

  it('ships each example unchanged, as the fixtures README lists it with its SHA-256', async () => {
    const readme = await readFile(join(FIXTURES, 'README.md'), 'utf8');
    for (const { file } of EXAMPLES) {
      const digest = createHash('sha256')
        .update(await readFile(join(FIXTURES, file)))
        .digest('hex');
      expect(readme).toMatch(new RegExp(`\`${file.replace(/\./g, '\\.')}\`.*\`${digest}\``));
    }
  });

  it('captures every example past the schema, each event with the outcome docs/epcis-examples.md gives', async () => {
    const now = Date.now();
    const refusedWhole: string[] = [];
    const actual: Row[] = [];
    for (const { file, by } of EXAMPLES) {
      const original = JSON.parse(await readFile(join(FIXTURES, file), 'utf8')) as Json;
      const response = await request(gw.app)
        .post('/api/v1/epcis/capture')
        .set({ Authorization: `Bearer ${tokens.get(by) ?? ''}` })
        .send(shiftedToNow(original, now));
      if (response.status !== 202) {
        refusedWhole.push(`${file}: ${String(response.status)} ${JSON.stringify(response.body)}`);
        continue;
      }
      const results = (response.body as { events: JobEvent[] }).events;
      eventsOf(original).forEach((event, index) => {
        const result = results[index];
        actual.push({
          file,
          event: describeEvent(index, event),
          outcome: result === undefined ? 'no outcome' : outcomeOf(result),
          reason: result?.error?.message ?? '',
        });
      });
    }
    // No document refused before capture (by GS1's schema or otherwise).
    expect(refusedWhole).toEqual([]);
    expect(actual.filter((row) => row.outcome.includes('EPCIS_SCHEMA_INVALID'))).toEqual([]);

    const documented = rowsOfTable(await readFile(TABLE, 'utf8'));
    const key = (row: Row): string => `${row.file} | ${row.event} | ${row.outcome}`;
    if (actual.map(key).join('\n') !== documented.map(key).join('\n')) {
      // The outcomes changed: here is the table as it stands (reasons are the ledger's messages;
      // docs/epcis-examples.md explains each in a sentence of its own).
      console.log(
        `docs/epcis-examples.md is out of date; the outcomes now:\n\n${tableOf(actual)}\n`,
      );
    }
    expect(actual.map(key)).toEqual(documented.map(key));
  }, 300000);
});
