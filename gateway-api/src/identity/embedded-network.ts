import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import { CertificateAuthority } from '@packtrace/embedded-ledger';
import {
  openEmbeddedLedger,
  seedConsortium,
  type InProcessLedger,
  type Ledger,
} from '@packtrace/ledger';
import { EmbeddedIssuer, type IdentityIssuer } from './identity-issuer';
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

/** A ledger and the CAs that issue its users' identities. */
export interface LedgerNetwork<L extends Ledger = Ledger> {
  readonly ledger: L;
  readonly issuer: IdentityIssuer;
}

/**
 * The in-process network: one CA per organisation of the consortium (kept on disk), the
 * consortium's users enrolled with `role` and `gln` attributes, and, on first start, the
 * consortium seeded by the regulator's own identity, as on Fabric.
 */
export async function openEmbeddedNetwork(
  dataDir: string,
  password: string,
  users: UserDirectory,
): Promise<LedgerNetwork<InProcessLedger>> {
  const caDirectory = join(dataDir, 'embedded', 'ca');
  const cas = new Map<string, CertificateAuthority>();
  for (const organisation of consortium.organisations) {
    cas.set(organisation.mspId, await loadOrCreateCa(caDirectory, organisation.mspId));
  }
  const issuer = new EmbeddedIssuer(cas);
  for (const { username, party, admin } of consortium.users) {
    if (users.has(username)) {
      await users.ensurePassword(username, password);
      continue;
    }
    const profile = {
      username,
      role: party.role,
      gln: party.gln,
      mspId: party.organisation.mspId,
      admin,
    };
    await users.put(profile, password, await issuer.enrol(profile));
  }
  const msps = Object.fromEntries([...cas].map(([mspId, ca]) => [mspId, ca.certificate]));
  const ledger = await openEmbeddedLedger({ path: join(dataDir, 'embedded', 'ledger'), msps });
  if ((await ledger.engine.height()) === 0) {
    const regulator = consortium.users.find((user) => user.party === consortium.regulator);
    const regulatorUser = regulator === undefined ? undefined : users.get(regulator.username);
    if (regulatorUser === undefined) {
      throw new Error('consortium.json names no user for the regulator');
    }
    await seedConsortium(ledger.session(await users.identityOf(regulatorUser)), consortium);
  }
  return { ledger, issuer };
}
