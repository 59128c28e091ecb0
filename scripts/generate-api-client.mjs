// Generates the scanner page's API types (scanner-web/src/api/openapi-types.ts) from the
// gateway's OpenAPI document with openapi-typescript, the way any integrator would:
//   npm run generate:api-client                 (the document of the built gateway, dist/)
//   node scripts/generate-api-client.mjs --document openapi.json --output types.ts
// The drift test (gateway-api/test/generated-client.test.ts) runs the second form on the live
// /openapi.json, so these options are the only place the generator is configured.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    document: { type: 'string' },
    output: { type: 'string', default: join(root, 'scanner-web/src/api/openapi-types.ts') },
  },
});

let document = values.document;
const scratch = mkdtempSync(join(tmpdir(), 'packtrace-openapi-'));
try {
  if (document === undefined) {
    const require = createRequire(import.meta.url);
    const { openApiDocument } = require(join(root, 'gateway-api/dist/http/openapi-document.js'));
    const { API_ROUTES } = require(join(root, 'gateway-api/dist/routes/index.js'));
    document = join(scratch, 'openapi.json');
    writeFileSync(document, JSON.stringify(openApiDocument(API_ROUTES)));
  }
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/openapi-typescript/bin/cli.js'),
      document,
      '--output',
      values.output,
      '--root-types',
      '--root-types-no-schema-prefix',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
