// Builds the page into dist/: one minified ES module, the stylesheet, the HTML and the ZXing
// WebAssembly decoder (served by the gateway, never fetched from the internet). Prints and
// records the page's weight as a browser downloads it (gzip and brotli).
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, 'dist');
const assets = join(dist, 'assets');
const require = createRequire(import.meta.url);

await rm(dist, { recursive: true, force: true });
await mkdir(assets, { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: ['es2022', 'chrome110', 'safari16', 'firefox115'],
  tsconfig: join(here, 'tsconfig.json'),
  outfile: join(assets, 'app.js'),
  logLevel: 'warning',
});
await copyFile(join(here, 'src', 'index.html'), join(dist, 'index.html'));
await copyFile(join(here, 'src', 'styles.css'), join(assets, 'styles.css'));
await copyFile(
  require.resolve('zxing-wasm/reader/zxing_reader.wasm'),
  join(assets, 'zxing_reader.wasm'),
);

const weigh = async (file) => {
  const bytes = await readFile(join(assets, file));
  return {
    file,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
};
const weights = await Promise.all(['app.js', 'zxing_reader.wasm', 'styles.css'].map(weigh));
const total = weights.reduce(
  (sum, w) => ({ raw: sum.raw + w.raw, gzip: sum.gzip + w.gzip, brotli: sum.brotli + w.brotli }),
  { raw: 0, gzip: 0, brotli: 0 },
);
await writeFile(join(dist, 'weight.json'), JSON.stringify({ weights, total }, null, 2));
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(11);
console.log('scanner-web built; page weight as downloaded:');
console.log(
  `  ${'file'.padEnd(20)}${'raw'.padStart(11)}${'gzip'.padStart(11)}${'brotli'.padStart(11)}`,
);
for (const w of [...weights, { file: 'total', ...total }]) {
  console.log(`  ${w.file.padEnd(20)}${kb(w.raw)}${kb(w.gzip)}${kb(w.brotli)}`);
}
