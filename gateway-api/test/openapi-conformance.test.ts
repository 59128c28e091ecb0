/**
 * The OpenAPI document as software the project did not write reads it: a JSON Schema validator
 * compiling its patterns (ajv, with the `u` flag JSON Schema's ECMA-262 patterns imply), GS1's
 * check-digit rule applied to every identifier in an example, and Redocly's recommended ruleset.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { GS, gs1CheckDigit, parseGs1Code } from '@packtrace/gs1';
import { z } from 'zod';
import { PASSWORD_PATTERN } from '../src/schemas/field-schemas';
import { openApiDocument, operationIdOf } from '../src/http/openapi-document';
import { defineRoute } from '../src/http/route-definition';
import { API_ROUTES } from '../src/routes';

const ROOT = join(__dirname, '..', '..');

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every object of the document with where it is, examples' insides excluded (they are data). */
function* objects(value: Json, where = '#'): Generator<[JsonObject, string]> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* objects(item, `${where}/${index}`);
  } else if (isObject(value)) {
    yield [value, where];
    for (const [key, item] of Object.entries(value)) {
      if (key !== 'example' && key !== 'examples') yield* objects(item, `${where}/${key}`);
    }
  }
}

/** The examples a schema, parameter or media type gives: `example`, `examples` (list or map). */
function examplesOf(node: JsonObject): Json[] {
  const found: Json[] = [];
  if (node['example'] !== undefined) found.push(node['example']);
  const examples = node['examples'];
  if (Array.isArray(examples)) found.push(...examples);
  else if (isObject(examples)) {
    for (const example of Object.values(examples)) {
      if (isObject(example) && example['value'] !== undefined) found.push(example['value']);
    }
  }
  return found;
}

function* strings(value: Json): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const item of value) yield* strings(item);
  else if (isObject(value)) for (const item of Object.values(value)) yield* strings(item);
}

/**
 * A text each pattern must refuse, beside the valid example its schema carries. A new pattern
 * fails the test until it has one here: a pattern that refuses nothing documents nothing.
 */
const COUNTER_EXAMPLES: Readonly<Record<string, string>> = {
  '^[0-9]+$': '12a',
  '^[A-Za-z0-9_-]{1,128}$': 'a key with spaces',
  '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$': '-PharmacyMSP',
  '^[0-9]{4,12}$': '950',
  '^[0-9a-f]{64}$': 'F'.repeat(64),
  '^[A-Z][A-Z_]{0,63}$': 'diverted',
  '^[A-Za-z0-9_.:-]{1,64}$': 'dscsa saleable return',
  '^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$':
    '21ec2020-3aea-4069-a2dd-08002b30309',
  '^[a-z0-9][a-z0-9._@-]{2,63}$': 'Pharmacist 3',
  [PASSWORD_PATTERN]: '        ',
  '^[A-Z]{2}$': 'gb',
  '^[0-9]{1,7}$': '-1',
  '^https:\\/\\/[^\\s]+$': 'http://maker.example.com/p',
  '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,4}$': 'english!',
  '^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$': 'pdf',
};

/**
 * The GS1 keys with a check digit in a text: a bare GTIN-8/12/13/14, GLN or SSCC; a key in a
 * bracketed element string, as `(414)9506000000022`; a key in a Digital Link or web URI path,
 * as `/01/09506000134352` or `/gtin/…`; the leading key of a raw element string.
 */
function gs1Keys(text: string): string[] {
  const keys: string[] = [];
  if (/^[0-9]+$/.test(text) && [8, 12, 13, 14, 18].includes(text.length)) keys.push(text);
  for (const match of text.matchAll(/\((?:00|01|02|41[0-7])\)([0-9]+)/g)) keys.push(match[1] ?? '');
  for (const match of text.matchAll(/\/(?:00|01|02|41[0-7]|gtin|sscc|gln)\/([0-9]+)/g)) {
    keys.push(match[1] ?? '');
  }
  const raw = new RegExp(`^(?:\\][A-Za-z][0-9])?${GS}?(?:00([0-9]{18})|01([0-9]{14}))(?=.)`).exec(
    text,
  );
  if (raw !== null) keys.push(raw[1] ?? raw[2] ?? '');
  return keys;
}

function validCheckDigit(key: string): boolean {
  return key.length >= 8 && gs1CheckDigit(key.slice(0, -1)) === Number(key.slice(-1));
}

describe('the OpenAPI document works with software the project did not write', () => {
  const document = openApiDocument(API_ROUTES) as JsonObject;

  it('gives every pattern-bearing schema an example its pattern matches, and its pattern refuses a counter-example, compiled as a JSON Schema validator compiles it', () => {
    const ajv = new Ajv2020({ unicodeRegExp: true, strict: false, allErrors: true });
    const problems: string[] = [];
    let patterns = 0;
    for (const [node, where] of objects(document)) {
      const pattern = node['pattern'];
      if (typeof pattern !== 'string') continue;
      patterns += 1;
      let matches: (text: string) => boolean;
      try {
        const compiled = ajv.compile({ type: 'string', pattern });
        matches = (text) => compiled(text);
      } catch (error) {
        problems.push(`${where}: ${pattern} does not compile: ${String(error)}`);
        continue;
      }
      const examples = examplesOf(node);
      if (examples.length === 0) problems.push(`${where}: ${pattern} has no example`);
      const schema = Object.fromEntries(
        Object.entries(node).filter(([key]) => key !== 'example' && key !== 'examples'),
      );
      const valid = ajv.compile(schema);
      for (const example of examples) {
        if (typeof example !== 'string' || !matches(example)) {
          problems.push(`${where}: ${pattern} refuses its example ${JSON.stringify(example)}`);
        } else if (!valid(example)) {
          problems.push(`${where}: its schema refuses its example ${JSON.stringify(example)}`);
        }
      }
      const counter = COUNTER_EXAMPLES[pattern];
      if (counter === undefined) {
        problems.push(`${where}: ${pattern} has no counter-example in this test`);
      } else if (matches(counter)) {
        problems.push(`${where}: ${pattern} accepts ${JSON.stringify(counter)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(patterns).toBeGreaterThan(30);
  });

  it('writes a pattern of a regex with the u flag as a JSON Schema pattern, and refuses flags JSON Schema cannot express', () => {
    const route = (pattern: RegExp) =>
      defineRoute({
        method: 'get',
        path: '/probe',
        summary: 'probe',
        tag: 'probe',
        rule: 'signed-in',
        query: z.strictObject({ word: z.string().regex(pattern).meta({ example: 'Ab' }) }),
        response: z.object({ ok: z.boolean() }),
        handle: () => Promise.resolve({ ok: true }),
      });
    const probe = openApiDocument([route(/^\p{Lu}\p{Ll}$/u)]) as JsonObject;
    const patterns = [...objects(probe)]
      .map(([node]) => node['pattern'])
      .filter((pattern) => typeof pattern === 'string');
    expect(patterns).toContain('^\\p{Lu}\\p{Ll}$');
    const compiled = new Ajv2020({ unicodeRegExp: true, strict: false }).compile({
      type: 'string',
      pattern: '^\\p{Lu}\\p{Ll}$',
    });
    expect([compiled('Ab'), compiled('ab')]).toEqual([true, false]);
    // Case-insensitive or dot-all matching changes what a pattern means; say so at build time.
    expect(() => openApiDocument([route(/^ab$/i)])).toThrow(/flag/);
  });

  it('carries a valid GS1 check digit in every GTIN, GLN and SSCC of every example', () => {
    const wrong: string[] = [];
    const seen = new Set<string>();
    for (const [node, where] of objects(document)) {
      for (const text of examplesOf(node).flatMap((example) => [...strings(example)])) {
        for (const key of gs1Keys(text)) {
          seen.add(`${key.length}:${key}`);
          if (!validCheckDigit(key)) wrong.push(`${where}: ${key} in ${JSON.stringify(text)}`);
        }
        // A whole code (bracketed element string or Digital Link) must read as one.
        if (text.startsWith('(') || /^https?:\/\/[^/]+\/(?:00|01)\//.test(text)) {
          try {
            parseGs1Code(text);
          } catch (error) {
            wrong.push(`${where}: ${JSON.stringify(text)}: ${String(error)}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    // GTIN-14, GLN-13 and SSCC-18 examples all walked: the test is not vacuous.
    const lengths = new Set([...seen].map((entry) => entry.split(':')[0]));
    expect(lengths).toEqual(new Set(['13', '14', '18']));
  });

  it('names every operation with a unique operationId derived from its method and path', () => {
    const ids: string[] = [];
    for (const methods of Object.values(document['paths'] as Record<string, JsonObject>)) {
      for (const operation of Object.values(methods)) {
        const id = (operation as JsonObject)['operationId'];
        ids.push(typeof id === 'string' ? id : JSON.stringify(id ?? null));
      }
    }
    expect(ids.filter((id) => !/^[a-z][A-Za-z0-9]*$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operationIdOf('get', '/batches/:gtin/:lot/packs')).toBe('getBatchesByGtinAndLotPacks');
    expect(operationIdOf('post', '/parties/:gln/authorise')).toBe('postPartiesByGlnAuthorise');
    expect(operationIdOf('get', '/packs/:gtin/:serial/label.svg')).toBe(
      'getPacksByGtinAndSerialLabelSvg',
    );
    expect(operationIdOf('get', '/vrs/01/:gtin/10/:lot/21/:serial')).toBe(
      'getVrs01ByGtin10ByLot21BySerial',
    );
    expect(operationIdOf('post', '/auth/token')).toBe('postAuthToken');
  });

  it('marks a request body required exactly where its route refuses a request without one', () => {
    const paths = document['paths'] as Record<string, Record<string, JsonObject>>;
    const requestBody = (path: string, method: string) =>
      paths[path]?.[method]?.['requestBody'] as JsonObject | undefined;
    const required: string[] = [];
    const optional: string[] = [];
    for (const [path, methods] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const body = operation['requestBody'] as JsonObject | undefined;
        if (body !== undefined) {
          (body['required'] === true ? required : optional).push(`${method} ${path}`);
        }
      }
    }
    expect(requestBody('/api/v1/auth/token', 'post')?.['required']).toBe(true);
    expect(requestBody('/api/v1/shipments', 'post')?.['required']).toBe(true);
    expect(requestBody('/api/v1/users/{username}/password', 'post')?.['required']).toBe(true);
    // Cancelling or closing a shipment takes an optional note: its body may be left out.
    expect(optional.sort()).toEqual([
      'post /api/v1/shipments/{id}/cancel',
      'post /api/v1/shipments/{id}/close',
    ]);
    expect(required.length).toBeGreaterThan(10);
  });

  it('passes Redocly’s recommended ruleset with no error and no warning, offline', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'packtrace-redocly-'));
    try {
      await writeFile(join(scratch, 'openapi.json'), JSON.stringify(document));
      // Run in an empty folder, so no configuration but the built-in ruleset applies; telemetry
      // and the update check off, so the lint reaches no network.
      const run = spawnSync(
        process.execPath,
        [
          join(ROOT, 'node_modules', '@redocly', 'cli', 'bin', 'cli.js'),
          'lint',
          'openapi.json',
          '--extends=recommended',
          '--format=json',
          '--max-problems=1000',
        ],
        {
          cwd: scratch,
          encoding: 'utf8',
          env: {
            PATH: process.env['PATH'] ?? '',
            HOME: scratch,
            REDOCLY_TELEMETRY: 'off',
            REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
            NO_COLOR: '1',
          },
        },
      );
      const start = run.stdout.indexOf('{');
      const report = JSON.parse(run.stdout.slice(start)) as {
        totals: { errors: number; warnings: number };
        problems: Array<{ ruleId: string; severity: string; message: string; location: unknown }>;
      };
      expect(
        report.problems.map(
          (problem) => `${problem.severity} ${problem.ruleId}: ${problem.message}`,
        ),
      ).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
      expect(run.status).toBe(0);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});
