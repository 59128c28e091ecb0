import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CertificateAuthority } from '@packtrace/embedded-ledger';

/**
 * The organisation's embedded CA as kept in `directory/<mspId>`, created there on first use,
 * so the identities it issued stay valid across restarts.
 */
export async function loadOrCreateCa(
  directory: string,
  mspId: string,
): Promise<CertificateAuthority> {
  const folder = join(directory, mspId);
  try {
    const [certificate, key] = await Promise.all([
      readFile(join(folder, 'ca.pem'), 'utf8'),
      readFile(join(folder, 'ca-key.pem'), 'utf8'),
    ]);
    return await CertificateAuthority.load(mspId, certificate, key);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
  const ca = await CertificateAuthority.create(mspId);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await writeFile(join(folder, 'ca.pem'), ca.certificate, { mode: 0o600 });
  await writeFile(join(folder, 'ca-key.pem'), await ca.exportPrivateKey(), { mode: 0o600 });
  return ca;
}
