// Fabric only: what each organisation's Fabric CA lets a company administrator's own CA
// identity register (issue 23 item 4). The embedded CAs take the affiliation from the registrar
// and have no way to ask for another, so this refusal has no embedded-ledger equivalent; the
// ledger's refusal of a certificate registered for a sister company's GLN is tested on both
// ledgers in gateway-api/test/company-administration.test.ts.
import { randomBytes, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { enrolUser } from '@packtrace/network';
import { PARTIES } from '../support/demo-parties';

jest.setTimeout(60_000);

const ACME = PARTIES.manufacturer.gln;
/** Central Pharmacy and Harbour Pharmacy: sister companies the pharmacy association hosts. */
const CENTRAL = PARTIES.pharmacy.gln;
const HARBOUR = PARTIES.pharmacy2.gln;

/** Names unique per run: the CA outlives every test. */
function newUsername(prefix: string): string {
  return `${prefix}-${randomBytes(3).toString('hex')}`;
}

describe('a company administrator at its organisation’s Fabric CA', () => {
  const acmeAdmin = { registrar: 'manufacturer-admin' };

  it('registers users of its own company, which the CA puts in that company’s affiliation', async () => {
    const enrolled = await enrolUser(
      'manufacturer',
      newUsername('acme-line'),
      { role: 'manufacturer', gln: ACME },
      { companyGln: ACME, ...acmeAdmin },
    );
    const raw = new X509Certificate(await readFile(enrolled.certificatePath)).raw.toString(
      'latin1',
    );
    expect(raw).toContain(`"hf.Affiliation":"manufacturer.gln${ACME}"`);
    expect(raw).toContain(`"gln":"${ACME}"`);
  });

  it('may not register into a sister company’s affiliation', async () => {
    // Central Pharmacy's administrator is a registrar of its own company at the association's CA.
    await expect(
      enrolUser(
        'pharmacy',
        newUsername('planted'),
        { role: 'pharmacy', gln: HARBOUR },
        { companyGln: HARBOUR, registrar: 'pharmacy-admin' },
      ),
    ).rejects.toThrow(/Authorization failure/);
    const own = await enrolUser(
      'pharmacy',
      newUsername('central-counter'),
      { role: 'pharmacy', gln: CENTRAL },
      { companyGln: CENTRAL, registrar: 'pharmacy-admin' },
    );
    expect(
      new X509Certificate(await readFile(own.certificatePath)).raw.toString('latin1'),
    ).toContain(`"hf.Affiliation":"pharmacy.gln${CENTRAL}"`);
  });

  it('may not make registrars, nor set attributes other than role and gln', async () => {
    await expect(
      enrolUser(
        'manufacturer',
        newUsername('deputy'),
        { role: 'manufacturer', gln: ACME },
        { companyGln: ACME, companyAdministrator: true, ...acmeAdmin },
      ),
    ).rejects.toThrow(/Authorization failure/);
    await expect(
      enrolUser(
        'manufacturer',
        newUsername('extra'),
        { role: 'manufacturer', gln: ACME, clearance: 'all' },
        { companyGln: ACME, ...acmeAdmin },
      ),
    ).rejects.toThrow(/Authorization failure/);
  });
});
