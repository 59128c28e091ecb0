import { join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import type { CertificateAuthority } from '@packtrace/embedded-ledger';
import type { LedgerNetwork, NetworkUserStore } from '../ledger-network';
import { seedConsortium } from '../seed-consortium';
import { loadOrCreateCa } from './certificate-authorities';
import { EmbeddedIssuer } from './embedded-issuer';
import type { EmbeddedLedger } from './embedded-ledger';
import { openEmbeddedLedger } from './open-embedded-ledger';

/**
 * The embedded network: one CA per organisation of the consortium (kept in
 * `dataDir/embedded/ca`), the consortium's users enrolled with `role` and `gln` attributes into
 * `users`, the ledger in `dataDir/embedded/ledger`, and, on first start, the consortium seeded
 * by the regulator's own identity, as on Fabric.
 *
 * @param password the consortium's users' password, set for each unless already theirs
 * @throws Error when the consortium names no user for the regulator, or when a CA, the ledger
 *   or `users` cannot be read or written
 */
export async function openEmbeddedNetwork<U>(
  dataDir: string,
  password: string,
  users: NetworkUserStore<U>,
): Promise<LedgerNetwork<EmbeddedLedger>> {
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
    await users.put(
      profile,
      password,
      await issuer.enrol(profile, { companyAdministrator: admin }),
    );
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
