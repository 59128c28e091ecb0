// The gateway reaches a ledger only through @packtrace/ledger: which organisation it serves, its
// peers and its users' key files are the seam's business, so a gateway of one organisation
// cannot open another's by a side road.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

const GATEWAY = join(__dirname, '..');
/** Packages that talk to Fabric, its CAs or the embedded engine, or read the network's files. */
const BEHIND_THE_SEAM = /^(@packtrace\/(network|embedded-ledger)|@hyperledger\/|@grpc\/)/;

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('the gateway’s way to a ledger', () => {
  it('imports no package behind the ledger seam in any source file', async () => {
    const crossings: string[] = [];
    for (const file of await sources(join(GATEWAY, 'src'))) {
      const text = await readFile(file, 'utf8');
      // Static, side-effect and dynamic imports, and require.
      const specifiers = text.matchAll(/(?:from|import|require\(|import\()\s*'([^']+)'/g);
      for (const [, specifier] of specifiers) {
        if (specifier !== undefined && BEHIND_THE_SEAM.test(specifier)) {
          crossings.push(`${file}: ${specifier}`);
        }
      }
    }
    expect(crossings).toEqual([]);
  });

  it('depends on none of them', async () => {
    const manifest = JSON.parse(await readFile(join(GATEWAY, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(
      Object.keys(manifest.dependencies ?? {}).filter((name) => BEHIND_THE_SEAM.test(name)),
    ).toEqual([]);
  });
});
