import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Barcode decoders the project did not write, as Debian ships them (scripts/install-decoders.sh):
 * libdmtx's `dmtxread` for GS1 DataMatrix and ZBar's `zbarimg` for QR codes (ZBar has no
 * DataMatrix reader, libdmtx no QR reader).
 */
async function withImage<T>(png: Buffer, read: (file: string) => Promise<T>): Promise<T> {
  const directory = await mkdtemp(join(tmpdir(), 'packtrace-decode-'));
  try {
    const file = join(directory, 'label.png');
    await writeFile(file, png);
    return await read(file);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

/**
 * Decodes a GS1 DataMatrix in GS1 mode: FNC1 is handed over as GS (ASCII 29), the first one
 * too, as many scanners do.
 */
export function readDataMatrix(png: Buffer): Promise<string> {
  return withImage(png, async (file) => {
    const { stdout } = await run('dmtxread', ['--gs1=29', '--stop-after=1', file], {
      encoding: 'latin1',
      timeout: 20_000,
    });
    return stdout;
  });
}

/** Decodes a QR code with ZBar, the data exactly as encoded (no character-set conversion). */
export function readQrCode(png: Buffer): Promise<string> {
  return withImage(png, async (file) => {
    const { stdout } = await run(
      'zbarimg',
      ['--quiet', '--raw', '--nodbus', '-Sdisable', '-Sqrcode.enable', file],
      {
        encoding: 'latin1',
        timeout: 20_000,
      },
    );
    return stdout.replace(/\n$/, '');
  });
}
