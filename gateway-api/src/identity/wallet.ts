import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LedgerIdentity } from '@packtrace/ledger';

/**
 * Each user's enrolled identity on disk: certificate and private key in a folder only the
 * gateway's user can read (0700, files 0600).
 */
export class Wallet {
  constructor(private readonly directory: string) {}

  async put(username: string, identity: LedgerIdentity): Promise<void> {
    const folder = join(this.directory, username);
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await chmod(folder, 0o700);
    await writeFile(join(folder, 'cert.pem'), identity.certificate, { mode: 0o600 });
    await writeFile(join(folder, 'key.pem'), identity.privateKey, { mode: 0o600 });
    await writeFile(join(folder, 'mspid'), identity.mspId, { mode: 0o600 });
  }

  async get(username: string): Promise<LedgerIdentity> {
    const folder = join(this.directory, username);
    const [certificate, privateKey, mspId] = await Promise.all([
      readFile(join(folder, 'cert.pem'), 'utf8'),
      readFile(join(folder, 'key.pem'), 'utf8'),
      readFile(join(folder, 'mspid'), 'utf8'),
    ]);
    return { certificate, privateKey, mspId: mspId.trim() };
  }
}
