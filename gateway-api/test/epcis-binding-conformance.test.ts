import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { parse } from 'yaml';
import { ApiError } from '../src/errors/api-error';
import { problemOf } from '../src/errors/problem-details';
import { gs1CheckDigit } from '@packtrace/gs1';
import {
  EXPIRY,
  as,
  registerProduct,
  startGateway,
  type TestGateway,
} from './support/test-gateway';

/*
 * GS1's own REST binding (its OpenAPI document, shipped unchanged in fixtures/gs1-epcis-binding)
 * as the test: every query parameter it declares for GET /events is answered, or refused with
 * the reason docs/epcis-query.md gives (never as unknown); every error of an EPCIS resource is a
 * problem body as the binding describes one, with an exception type the binding names.
 */

const BINDING = join(__dirname, 'fixtures', 'gs1-epcis-binding', 'openapi.yaml');
const BINDING_SHA256 = '38a5bc6aabe36c2549ddc0a9f4d6e3a7080f55660b0cb4364f02530d1bc4b397';

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly schema?: Schema;
}

interface Schema {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly items?: { readonly enum?: readonly unknown[] };
}

/** A problem response's schema as the binding writes one: its own part, then RFC 7807's. */
interface ProblemSchema {
  readonly example?: { readonly type?: string; readonly title?: string };
  readonly allOf?: readonly {
    readonly properties?: { readonly type?: Schema; readonly status?: Schema };
  }[];
}

interface BindingResponse {
  readonly content?: Record<string, { readonly schema?: ProblemSchema } | undefined>;
}

/** One error the gateway answers, and the binding operation whose responses describe it. */
interface ErrorCase {
  readonly name: string;
  /** The status the gateway answers it with. */
  readonly expected: number;
  readonly answer: request.Response;
  /** The binding's method and path of the request (none for a method the binding never lists). */
  readonly operation?: readonly [string, string];
  /**
   * The binding's response (components.responses) to check against where the operation itself
   * declares none for the status, as the binding gives it on its other operations.
   */
  readonly otherwise?: string;
}

/** `node` with every local `$ref` replaced by what it names in `root` (the binding has no cycles here). */
function resolveRefs(node: unknown, root: unknown): unknown {
  if (Array.isArray(node)) {
    return node.map((item) => resolveRefs(item, root));
  }
  if (node === null || typeof node !== 'object') {
    return node;
  }
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/')) {
    const target = ref
      .slice(2)
      .split('/')
      .map((key) => key.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], root);
    if (target === undefined) {
      throw new Error(`the binding has no ${ref}`);
    }
    return resolveRefs(target, root);
  }
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => [key, resolveRefs(value, root)]),
  );
}

const CONTEXT = 'https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld';
const GTIN = '09506000134352';
const HOUR = 3600 * 1000;
const BASE = Math.floor((Date.now() - 48 * HOUR) / HOUR) * HOUR;
const timeAt = (hour: number): string => new Date(BASE + hour * HOUR).toISOString();
const pack = (serial: string): string => `https://id.gs1.org/01/${GTIN}/21/${serial}`;
const CASE = ((body: string) => `${body}${gs1CheckDigit(body)}`)('09506000000008003');

/** The binding's parameters the platform refuses by design (docs/epcis-query.md, "Parameters refused"). */
const REFUSED = [
  'EQ_persistentDisposition_set',
  'EQ_persistentDisposition_unset',
  'EQ_quantity',
  'GT_quantity',
  'GE_quantity',
  'LT_quantity',
  'LE_quantity',
  'GE_startTime',
  'LT_startTime',
  'GE_endTime',
  'LT_endTime',
  'EQ_type',
  'EQ_deviceID',
  'EQ_dataProcessingMethod',
  'EQ_microorganism',
  'EQ_chemicalSubstance',
  'EQ_bizRules',
  'EQ_stringValue',
  'EQ_hexBinaryValue',
  'EQ_uriValue',
  'EQ_booleanValue',
].sort();

/** A value of the parameter's declared type (its schema resolved among `schemas`). */
function sampleOf(parameter: Parameter, schemas: Record<string, Schema>): string {
  const declared = parameter.schema ?? {};
  const schema =
    declared.$ref === undefined ? declared : (schemas[declared.$ref.split('/').pop() ?? ''] ?? {});
  const listed = schema.enum?.[0] ?? schema.items?.enum?.[0];
  if (listed !== undefined) {
    return typeof listed === 'string' ? listed : JSON.stringify(listed);
  }
  if (parameter.name === 'orderBy') {
    return 'eventTime';
  }
  if (schema.format === 'date-time') {
    return '2026-01-01T00:00:00Z';
  }
  switch (schema.type) {
    case 'integer':
    case 'number':
      return '5';
    case 'boolean':
      return 'true';
    default:
      return 'urn:epc:id:sgtin:9506000.013435.CONF1';
  }
}

describe('EPCIS 2.0 REST binding (GS1’s OpenAPI document) as the test', () => {
  let gw: TestGateway;
  let binding: {
    paths: Record<
      string,
      Record<string, { parameters?: { $ref?: string }[]; responses?: Record<string, unknown> }>
    >;
    components: {
      parameters: Record<string, Parameter>;
      schemas: Record<string, Schema>;
      responses: Record<string, unknown>;
    };
  };
  let bindingText: string;

  beforeAll(async () => {
    gw = await startGateway();
    bindingText = await readFile(BINDING, 'utf8');
    binding = parse(bindingText) as typeof binding;
    // Two events the manufacturer sees, so that a query can ask for fewer (413).
    await registerProduct(gw);
    const expiry = `20${EXPIRY.slice(0, 2)}-${EXPIRY.slice(2, 4)}-${EXPIRY.slice(4, 6)}`;
    const captured = await as(gw, 'manufacturer').post('/epcis/capture', {
      '@context': [CONTEXT],
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: timeAt(5),
      epcisBody: {
        eventList: [
          {
            type: 'ObjectEvent',
            eventID: 'urn:uuid:00000000-0000-4000-8000-000000009201',
            eventTime: timeAt(1),
            eventTimeZoneOffset: '+00:00',
            action: 'ADD',
            bizStep: 'commissioning',
            disposition: 'active',
            epcList: [pack('CF1'), pack('CF2')],
            ilmd: { 'cbvmda:lotNumber': 'CF1', 'cbvmda:itemExpirationDate': expiry },
          },
          {
            type: 'AggregationEvent',
            eventID: 'urn:uuid:00000000-0000-4000-8000-000000009202',
            eventTime: timeAt(2),
            eventTimeZoneOffset: '+00:00',
            action: 'ADD',
            bizStep: 'packing',
            parentID: `https://id.gs1.org/00/${CASE}`,
            childEPCs: [pack('CF1'), pack('CF2')],
          },
        ],
      },
    });
    expect(captured.status).toBe(202);
    expect(captured.body.success).toBe(true);
  }, 120000);
  afterAll(async () => gw.stop());

  const auth = () => `Bearer ${gw.tokens['manufacturer'] ?? ''}`;
  const get = (path: string) =>
    request(gw.app).get(`/api/v1/epcis${path}`).set('Authorization', auth());

  /** Every kind of error an EPCIS resource answers, once (the answers are kept). */
  let errors: Promise<ErrorCase[]> | undefined;
  const errorAnswers = (): Promise<ErrorCase[]> => {
    errors ??= (async () => {
      const epc = encodeURIComponent(pack('CF1'));
      const capture = () =>
        request(gw.app).post('/api/v1/epcis/capture').set('Authorization', auth());
      const cases: Omit<ErrorCase, 'answer'>[] = [];
      const answers: request.Response[] = [];
      const add = async (
        name: string,
        expected: number,
        answer: PromiseLike<request.Response>,
        operation?: readonly [string, string],
        otherwise?: string,
      ) => {
        cases.push({
          name,
          expected,
          ...(operation === undefined ? {} : { operation }),
          ...(otherwise === undefined ? {} : { otherwise }),
        });
        answers.push(await answer);
      };
      await add('no sign-in', 401, request(gw.app).get('/api/v1/epcis/events'), ['get', '/events']);
      await add(
        'capture by a party that may not',
        403,
        request(gw.app)
          .post('/api/v1/epcis/capture')
          .set('Authorization', `Bearer ${gw.tokens['regulator'] ?? ''}`)
          .send({}),
        ['post', '/capture'],
      );
      await add(
        'a query parameter refused, on an EPC’s events',
        400,
        get(`/epcs/${epc}/events?EQ_type=Temperature`),
        ['get', '/epcs/{epc}/events'],
      );
      await add(
        'a query parameter refused, on the events query',
        400,
        get('/events?maxEventCount=0'),
        ['get', '/events'],
        '400QueryIssues',
      );
      await add(
        'an event type the binding does not have',
        400,
        get('/eventTypes/Nonsense/events'),
        ['get', '/eventTypes/{eventType}/events'],
      );
      await add(
        'a version header that is not a version',
        400,
        get(`/epcs/${epc}/events`).set('GS1-EPCIS-Version', 'two'),
        ['get', '/epcs/{epc}/events'],
      );
      await add('a capture document not valid', 400, capture().send({ type: 'EPCISDocument' }), [
        'post',
        '/capture',
      ]);
      await add(
        'a capture body not JSON',
        400,
        capture().set('Content-Type', 'application/json').send('{"type":'),
        ['post', '/capture'],
      );
      await add(
        'an unknown event',
        404,
        get(`/events/${encodeURIComponent('urn:uuid:00000000-0000-4000-8000-000000009299')}`),
        ['get', '/events/{eventID}'],
      );
      await add(
        'an unknown capture job',
        404,
        get('/capture/1d3c3a0e-8a53-4c5e-9d7e-1f0f3c0b9a11'),
        ['get', '/capture/{captureID}'],
      );
      await add('a capture job id this gateway never gives', 404, get('/capture/id9261379075'), [
        'get',
        '/capture/{captureID}',
      ]);
      await add(
        'a perPage out of range on the capture jobs',
        400,
        get('/capture?perPage=0'),
        ['get', '/capture'],
        '400QueryIssues',
      );
      await add(
        'a resource the platform does not provide',
        404,
        get(`/bizLocations/${encodeURIComponent('urn:epc:id:sgln:9506000.13435.0')}/events`),
        ['get', '/bizLocations/{bizLocation}/events'],
      );
      await add(
        'an Accept the events query cannot give',
        406,
        get('/events').set('Accept', 'application/xml'),
        ['get', '/events'],
      );
      await add(
        'an EPCIS version the platform does not speak',
        406,
        get(`/events/${encodeURIComponent('urn:uuid:00000000-0000-4000-8000-000000009201')}`).set(
          'GS1-EPCIS-Version',
          '3.0.0',
        ),
        ['get', '/events/{eventID}'],
      );
      await add(
        'a capture body larger than the limit',
        413,
        capture()
          .set('Content-Type', 'application/json')
          .send(JSON.stringify({ type: 'EPCISDocument', padding: 'x'.repeat(2 * 1024 * 1024) })),
        ['post', '/capture'],
      );
      await add(
        'a query answer larger than maxEventCount',
        413,
        get('/events?maxEventCount=1'),
        ['get', '/events'],
        '413QueryScopeOrSize',
      );
      await add(
        'a method the resource does not take (the binding lists no 405)',
        405,
        request(gw.app).delete('/api/v1/epcis/events').set('Authorization', auth()),
      );
      return cases.map((errorCase, index) => ({
        ...errorCase,
        answer: answers[index] as request.Response,
      }));
    })();
    return errors;
  };

  it('is GS1’s document, unchanged', () => {
    expect(createHash('sha256').update(bindingText, 'utf8').digest('hex')).toBe(BINDING_SHA256);
  });

  it('answers every query parameter the binding declares for GET /events, or refuses it saying why', async () => {
    const references = binding.paths['/events']?.['get']?.parameters ?? [];
    const parameters = references
      .map((ref) => binding.components.parameters[String(ref.$ref).split('/').pop() ?? ''])
      .filter((p): p is Parameter => p !== undefined && p.in === 'query')
      .filter((p) => p.name !== 'nextPageToken');
    expect(parameters.length).toBeGreaterThan(50);
    const refused: string[] = [];
    for (const parameter of parameters) {
      const needsOrder = ['orderDirection', 'eventCountLimit'].includes(parameter.name);
      const query = new URLSearchParams({
        [parameter.name]: sampleOf(parameter, binding.components.schemas),
        ...(needsOrder ? { orderBy: 'eventTime' } : {}),
      });
      const response = await request(gw.app)
        .get(`/api/v1/epcis/events?${query.toString()}`)
        .set('Authorization', auth());
      if (response.status === 200) {
        continue;
      }
      expect({ parameter: parameter.name, status: response.status }).toEqual({
        parameter: parameter.name,
        status: 400,
      });
      expect(response.body.type).toBe('epcisException:QueryParameterException');
      const why = JSON.stringify(response.body.details.issues);
      expect(why).toContain(parameter.name);
      expect(why).not.toContain('is not a query parameter');
      refused.push(parameter.name);
    }
    expect(refused.sort()).toEqual(REFUSED);
  });

  it('answers every error of an EPCIS resource as the binding’s problem body, with a type it names', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(binding.components.schemas['RFC7807ProblemResponseBody'] ?? {});
    const named = new Set(
      [...bindingText.matchAll(/epcisException:[A-Za-z]+/g)].map((match) => match[0]),
    );
    for (const { name, answer, expected } of await errorAnswers()) {
      expect({ name, status: answer.status }).toEqual({ name, status: expected });
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect({ name, valid: validate(answer.body), errors: validate.errors }).toEqual({
        name,
        valid: true,
        errors: null,
      });
      if (answer.status !== 405) {
        expect(named).toContain(answer.body.type);
      }
      expect(answer.body.status).toBe(answer.status);
    }
  });

  it('answers every EPCIS error as the binding’s own response for that status on that operation', async () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const answers = await errorAnswers();
    const statuses = new Set(
      answers.filter(({ operation }) => operation !== undefined).map(({ expected }) => expected),
    );
    // Every status the binding gives a response for that the gateway can be made to answer.
    expect([...statuses].sort((a, b) => a - b)).toEqual([400, 401, 403, 404, 406, 413]);
    const mismatches: unknown[] = [];
    for (const { name, answer, operation, otherwise } of answers) {
      if (operation === undefined) {
        continue;
      }
      const [method, path] = operation;
      const declared = binding.paths[path]?.[method]?.responses?.[String(answer.status)];
      // Where the operation declares no response for the status, the case names the binding's
      // response for it on its other operations; the table says so only where it must.
      expect({ name, declared: declared !== undefined }).toEqual({
        name,
        declared: otherwise === undefined,
      });
      const response = resolveRefs(
        declared ?? { $ref: `#/components/responses/${otherwise ?? ''}` },
        binding,
      ) as BindingResponse;
      const schema = response.content?.['application/problem+json']?.schema;
      expect({ name, schema: schema !== undefined }).toEqual({ name, schema: true });
      const validate = ajv.compile(schema ?? {});
      if (!validate(answer.body)) {
        mismatches.push({ name, body: answer.body, errors: validate.errors });
      }
      // One exception for the status: its title is the one the binding's example gives it.
      const types = schema?.allOf?.flatMap((part) => part.properties?.type?.enum ?? []) ?? [];
      const title = schema?.example?.title;
      if (types.length === 1 && title !== undefined && answer.body.title !== title) {
        mismatches.push({ name, title: answer.body.title, bindingTitle: title });
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('gives every status the binding names one exception for that exception and the title of its example', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const responses = Object.entries(binding.components.responses)
      .map(([key, response]) => ({
        key,
        status: Number(/^\d{3}/.exec(key)?.[0]),
        schema: (resolveRefs(response, binding) as BindingResponse).content?.[
          'application/problem+json'
        ]?.schema,
      }))
      .filter(({ schema }) => schema !== undefined);
    const checked: string[] = [];
    for (const { key, status, schema } of responses) {
      const types = schema?.allOf?.flatMap((part) => part.properties?.type?.enum ?? []) ?? [];
      if (types.length !== 1) {
        continue;
      }
      const body = problemOf(new ApiError(status, 'ANY_CODE', 'a sentence'));
      const validate = ajv.compile(schema ?? {});
      validate(body);
      // The binding's 409 response enumerates status 406 (a slip in the binding): a status its
      // own name contradicts is not held against the answer.
      const statuses = schema?.allOf?.flatMap((part) => part.properties?.status?.enum ?? []) ?? [];
      const errors = (validate.errors ?? []).filter(
        (error) => !(error.instancePath === '/status' && !statuses.includes(status)),
      );
      expect({ key, type: body.type, title: body.title, errors }).toEqual({
        key,
        type: types[0],
        title: schema?.example?.title,
        errors: [],
      });
      checked.push(key);
    }
    expect(checked.sort()).toEqual([
      '401UnauthorizedRequest',
      '403ClientUnauthorized',
      '404ResourceNotFound',
      '406NotAcceptable',
      '409ResourceAlreadyExistsException',
      '413CapturePayloadTooLarge',
      '414URLTooLong',
      '415UnsupportedMediaType',
      '500ImplementationException',
      '501NotImplemented',
    ]);
  });
});
