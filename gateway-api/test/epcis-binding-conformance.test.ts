import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import request from 'supertest';
import { parse } from 'yaml';
import { startGateway, type TestGateway } from './support/test-gateway';

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

/** The binding's parameters the platform refuses by design (docs/epcis-query.md, "Parameters refused"). */
const REFUSED = [
  'EQ_persistentDisposition_set',
  'EQ_persistentDisposition_unset',
  'EQ_transformationID',
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
    paths: Record<string, Record<string, { parameters?: { $ref?: string }[] }>>;
    components: {
      parameters: Record<string, Parameter>;
      schemas: Record<string, Schema>;
    };
  };
  let bindingText: string;

  beforeAll(async () => {
    gw = await startGateway();
    bindingText = await readFile(BINDING, 'utf8');
    binding = parse(bindingText) as typeof binding;
  }, 120000);
  afterAll(async () => gw.stop());

  const auth = () => `Bearer ${gw.tokens['manufacturer'] ?? ''}`;

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
    const answers = await Promise.all([
      request(gw.app).get('/api/v1/epcis/events'),
      request(gw.app).get('/api/v1/epcis/events?EQ_type=Temperature').set('Authorization', auth()),
      request(gw.app).get('/api/v1/epcis/events?maxEventCount=0').set('Authorization', auth()),
      request(gw.app)
        .get('/api/v1/epcis/events')
        .set('Authorization', auth())
        .set('Accept', 'application/xml'),
      request(gw.app)
        .get(`/api/v1/epcis/events/${encodeURIComponent('urn:uuid:nothing')}`)
        .set('Authorization', auth()),
      request(gw.app)
        .post('/api/v1/epcis/capture')
        .set('Authorization', `Bearer ${gw.tokens['regulator'] ?? ''}`)
        .send({}),
      request(gw.app)
        .post('/api/v1/epcis/capture')
        .set('Authorization', auth())
        .send({ type: 'EPCISDocument' }),
    ]);
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(validate(answer.body)).toBe(true);
      expect(named).toContain(answer.body.type);
      expect(answer.body.status).toBe(answer.status);
    }
  });
});
