import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * GS1's EPCIS 2.0 JSON Schema as the gateway ships it: copied unchanged from GS1's `gs1/EPCIS`
 * repository (see schemas/README.md). The same path from src (tests) and dist (the server).
 */
export const EPCIS_SCHEMA_FILE = join(__dirname, '..', '..', 'schemas', 'EPCIS-JSON-Schema.json');

/** One way a document breaks GS1's schema: where (a JSON pointer) and what. */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

/** A compiled check: how a document breaks the schema, empty when it is valid. */
export type SchemaCheck = (document: unknown) => SchemaIssue[];

/**
 * A value's identity under JSON equality, as `uniqueItems` compares items: key order does not
 * matter, and a string never equals the number it spells. Built with own keys only, so a member
 * named `__proto__` counts like any other.
 */
function identity(value: unknown): string {
  if (typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(identity).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${identity(record[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `uniqueItems` in time linear in the list: Ajv's own compares every pair of items whose schema
 * has no primitive `type` (GS1's `epcList` refers to a `uri` definition), which for a
 * 50,000-entry list is over a billion comparisons, 13-21 s of CPU (issue 20). Same verdict and
 * the same message as Ajv's.
 */
function uniqueItems(this: unknown, schema: boolean, data: unknown[]): boolean {
  const self = uniqueItems as typeof uniqueItems & { errors?: Array<Partial<ErrorObject>> };
  self.errors = [];
  if (!schema) {
    return true;
  }
  const seen = new Map<string, number>();
  for (const [index, item] of data.entries()) {
    const key = identity(item);
    const first = seen.get(key);
    if (first !== undefined) {
      self.errors = [
        {
          keyword: 'uniqueItems',
          message: `must NOT have duplicate items (items ## ${first} and ${index} are identical)`,
          params: { i: index, j: first },
        },
      ];
      return false;
    }
    seen.set(key, index);
  }
  return true;
}

/** GS1's EPCIS 2.0 JSON Schema, read from the copy shipped with the gateway. */
export function readEpcisSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(EPCIS_SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
}

/**
 * Compiles GS1's schema (a moment's work, done once per worker) into a check that lists every
 * way a document breaks it.
 */
export function compileEpcisSchemaCheck(
  schema: Record<string, unknown> = readEpcisSchema(),
): SchemaCheck {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.removeKeyword('uniqueItems');
  ajv.addKeyword({
    keyword: 'uniqueItems',
    type: 'array',
    schemaType: 'boolean',
    errors: true,
    validate: uniqueItems,
  });
  const validate = ajv.compile(schema);
  return (document) => {
    if (validate(document)) {
      return [];
    }
    return (validate.errors ?? []).map((error) => ({
      path: error.instancePath === '' ? '/' : error.instancePath,
      message: `${error.message ?? 'is not valid'}${
        error.keyword === 'enum' || error.keyword === 'const'
          ? ` (${JSON.stringify(error.params)})`
          : ''
      }`,
    }));
  };
}
