import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startGateway, type TestGateway } from './support/test-gateway';

const ROOT = join(__dirname, '..', '..');

/** One schema object of the OpenAPI document (JSON Schema, as 3.1 uses it). */
type Schema = Record<string, unknown>;

/**
 * Where a schema says nothing of what is sent: no type, no reference, no alternatives (an
 * `unknown`), or an object whose properties are not named (a generic record).
 */
function genericParts(schema: Schema, where: string, found: string[]): void {
  if (schema['$ref'] !== undefined) return;
  const alternatives = ['anyOf', 'oneOf', 'allOf'].flatMap(
    (key) => (schema[key] as Schema[] | undefined) ?? [],
  );
  if (alternatives.length > 0) {
    alternatives.forEach((alternative, index) =>
      genericParts(alternative, `${where}|${index}`, found),
    );
    return;
  }
  const type = schema['type'];
  if (type === undefined && schema['const'] === undefined && schema['enum'] === undefined) {
    found.push(`${where}: says nothing of the value`);
  } else if (type === 'object' || (Array.isArray(type) && type.includes('object'))) {
    const properties = schema['properties'] as Record<string, Schema> | undefined;
    if (properties === undefined || Object.keys(properties).length === 0) {
      found.push(`${where}: an object without named properties`);
    }
    for (const [name, property] of Object.entries(properties ?? {})) {
      genericParts(property, `${where}.${name}`, found);
    }
  } else if (type === 'array' || (Array.isArray(type) && type.includes('array'))) {
    const items = schema['items'] as Schema | undefined;
    if (items === undefined) {
      found.push(`${where}: an array of anything`);
    } else {
      genericParts(items, `${where}[]`, found);
    }
  }
}

describe('the OpenAPI document types every answer, and the page’s client is generated from it', () => {
  let gw: TestGateway;
  let document: {
    paths: Record<string, Record<string, { responses: Record<string, { content?: object }> }>>;
    components: { schemas: Record<string, Schema> };
  };

  beforeAll(async () => {
    gw = await startGateway();
    document = (await request(gw.app).get('/openapi.json').expect(200)).body as typeof document;
  });
  afterAll(async () => gw.stop());

  it('declares a precise schema for every answer of every route, success and error alike', () => {
    const found: string[] = [];
    let answers = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          const where = `${method.toUpperCase()} ${path} ${status}`;
          const content = response.content as Record<string, { schema?: Schema }> | undefined;
          if (content === undefined || Object.keys(content).length === 0) {
            found.push(`${where}: no content declared`);
            continue;
          }
          for (const [type, { schema }] of Object.entries(content)) {
            answers += 1;
            if (schema === undefined) {
              found.push(`${where} ${type}: no schema`);
            } else if (type.endsWith('json')) {
              genericParts(schema, `${where} ${type}`, found);
            }
          }
        }
      }
    }
    for (const [name, schema] of Object.entries(document.components.schemas)) {
      genericParts(schema, `components.schemas.${name}`, found);
    }
    // The error shapes' details are free-form by design: each code documents its own.
    expect(found).toEqual([
      'components.schemas.Error.error.details: says nothing of the value',
      'components.schemas.EpcisProblem.details: says nothing of the value',
    ]);
    expect(answers).toBeGreaterThan(100);
  });

  it('answers errors in the one error shape, named Error (EPCIS routes: EPCIS 2.0’s problem details)', () => {
    const statuses = Object.entries(document.paths)
      .flatMap(([path, methods]) =>
        Object.values(methods).map((operation) => ({ path, operation })),
      )
      .flatMap(({ path, operation }) =>
        Object.entries(operation.responses).map(([status, response]) => ({
          path,
          status,
          response,
        })),
      )
      .filter(({ status }) => Number(status) >= 400);
    expect(statuses.length).toBeGreaterThan(0);
    for (const { path, response } of statuses) {
      expect(response.content).toEqual(
        path.startsWith('/api/v1/epcis/')
          ? {
              'application/problem+json': { schema: { $ref: '#/components/schemas/EpcisProblem' } },
            }
          : { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      );
    }
  });

  it('generates, with openapi-typescript, exactly the types the page is built on', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'packtrace-client-'));
    try {
      await writeFile(join(scratch, 'openapi.json'), JSON.stringify(document));
      execFileSync(process.execPath, [
        join(ROOT, 'scripts', 'generate-api-client.mjs'),
        '--document',
        join(scratch, 'openapi.json'),
        '--output',
        join(scratch, 'openapi-types.ts'),
      ]);
      const generated = await readFile(join(scratch, 'openapi-types.ts'), 'utf8');
      const committed = await readFile(
        join(ROOT, 'scanner-web', 'src', 'api', 'openapi-types.ts'),
        'utf8',
      );
      // On a difference, the API changed: `npm run generate:api-client` and commit the result.
      expect(generated === committed).toBe(true);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
