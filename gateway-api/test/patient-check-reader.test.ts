/**
 * Which gateway account reads the ledger for patients and the resolver: the configured one, the
 * regulator's, or on an organisation's own gateway the first of its users in consortium.json.
 */
import { consortium } from '@packtrace/consortium';
import { patientCheckReader } from '../src/patient-check/patient-check-reader';

const holding = (usernames: readonly string[]) => ({
  has: (username: string) => usernames.includes(username),
});

describe('the patient check’s reader', () => {
  it('is the configured account whatever the gateway holds', () => {
    expect(patientCheckReader(holding(['regulator']), 'pharmacist')).toBe('pharmacist');
  });

  it('is the regulator account on a gateway that holds it', () => {
    const everyone = consortium.users.map((user) => user.username);
    expect(patientCheckReader(holding(everyone), undefined)).toBe('regulator');
  });

  it.each(consortium.organisations.filter((org) => org.key !== 'regulator'))(
    'is the first user of $key on its own gateway',
    (org) => {
      const own = consortium.users.filter((user) => user.party.organisation.key === org.key);
      const reader = patientCheckReader(holding(own.map((user) => user.username)), undefined);
      expect(reader).toBe(own[0]?.username);
    },
  );

  it('falls back to the regulator account (then 503) on a gateway with no consortium user', () => {
    expect(patientCheckReader(holding(['someone-else']), undefined)).toBe('regulator');
  });
});
