// Runs a benchmark, bench/<name>.ts (by default platform-benchmark): esbuild turns it into one
// ES module (the project's packages stay imports of their builds, which `npm run bench` makes
// first), then Node runs it.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2] ?? 'platform-benchmark';
if (!/^[a-z-]+$/.test(name)) {
  throw new Error(`no benchmark named ${name}: give the name of a file bench/<name>.ts`);
}
const out = join(root, 'test-output', 'bench', `${name}.mjs`);
await mkdir(dirname(out), { recursive: true });
await build({
  entryPoints: [join(root, 'bench', `${name}.ts`)],
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node24',
  outfile: out,
  logLevel: 'warning',
});
await import(pathToFileURL(out).href);
