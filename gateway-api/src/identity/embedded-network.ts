import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CertificateAuthority } from '@packtrace/embedded-ledger';
import { EmbeddedBackend } from '../ledger/embedded-backend';
import { DEMO_USERS } from './demo-users';
import type { UserDirectory } from './user-directory';

async function loadOrCreateCa(directory: string, mspId: string): Promise<CertificateAuthority> {
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

/**
 * The in-process network: one CA per organisation (kept on disk), the demo users enrolled with
 * `role` and `gln` attributes, and, on first start, the regulator bootstrapped and the demo
 * parties registered, each by the regulator's own identity as on Fabric.
 */
export async function openEmbeddedNetwork(
  dataDir: string,
  password: string,
  users: UserDirectory,
): Promise<EmbeddedBackend> {
  const caDirectory = join(dataDir, 'embedded', 'ca');
  const cas = new Map<string, CertificateAuthority>();
  for (const mspId of new Set(DEMO_USERS.map((user) => user.mspId))) {
    cas.set(mspId, await loadOrCreateCa(caDirectory, mspId));
  }
  for (const demo of DEMO_USERS) {
    if (users.has(demo.username)) {
      await users.setPassword(demo.username, password);
    } else {
      const ca = cas.get(demo.mspId);
      if (ca === undefined) {
        throw new Error(`no CA for ${demo.mspId}`);
      }
      const identity = await ca.enrol(demo.username, { role: demo.role, gln: demo.gln });
      await users.put(
        { username: demo.username, role: demo.role, gln: demo.gln, mspId: demo.mspId },
        password,
        identity,
      );
    }
  }
  const msps = Object.fromEntries([...cas].map(([mspId, ca]) => [mspId, ca.certificate]));
  const backend = await EmbeddedBackend.open(join(dataDir, 'embedded', 'ledger'), msps);
  if ((await backend.ledger.height()) === 0) {
    const regulator = DEMO_USERS.find((user) => user.role === 'regulator');
    const regulatorUser = regulator === undefined ? undefined : users.get(regulator.username);
    if (regulator === undefined || regulatorUser === undefined) {
      throw new Error('the demo regulator is missing');
    }
    const identity = await users.identityOf(regulatorUser);
    await backend.submit(identity, 'parties:Bootstrap', [regulator.partyName]);
    for (const demo of DEMO_USERS.filter((user) => user !== regulator)) {
      await backend.submit(identity, 'parties:RegisterParty', [
        demo.gln,
        demo.partyName,
        demo.role,
        demo.mspId,
        JSON.stringify(demo.companyPrefixes),
      ]);
    }
  }
  return backend;
}
