import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import { CertificateAuthority, type EmbeddedEngine } from '@packtrace/embedded-ledger';
import { openEmbeddedLedger, seedConsortium, type LedgerIdentity } from '@packtrace/ledger';
import { ADVERSARIES, OUTSIDER_ATTRIBUTES } from './adversaries';
import { PARTIES, type PartyName } from './demo-parties';
import { ScenarioLedger, type ScenarioUser } from './scenario-ledger';
import { TestClock } from './test-clock';

/** A scenario on the embedded ledger, which also exposes what only the embedded ledger has. */
export interface EmbeddedScenario extends ScenarioLedger {
  /** The ledger's clock, which tests on the embedded ledger may move. */
  readonly clock: TestClock;
  readonly engine: EmbeddedEngine;
  /** The trusted MSPs: MSP id → CA certificate, for opening a twin ledger. */
  readonly msps: Readonly<Record<string, string>>;
}

/**
 * A fresh embedded ledger in a temporary folder: one CA per organisation of the consortium
 * (on the ledger's own clock), every scenario user enrolled, and, unless `bootstrap` is false,
 * the consortium seeded by the regulator.
 */
export async function startEmbeddedScenario(
  options: { bootstrap?: boolean } = {},
): Promise<EmbeddedScenario> {
  const directory = await mkdtemp(join(tmpdir(), 'packtrace-ledger-'));
  const clock = new TestClock();
  const cas = new Map<string, CertificateAuthority>();
  for (const organisation of consortium.organisations) {
    cas.set(
      organisation.key,
      await CertificateAuthority.create(organisation.mspId, { clock: clock.peek }),
    );
  }
  const caOf = (organisation: string): CertificateAuthority => {
    const ca = cas.get(organisation);
    if (ca === undefined) {
      throw new Error(`no CA for organisation ${organisation}`);
    }
    return ca;
  };
  const identities: Partial<Record<ScenarioUser, LedgerIdentity>> = {};
  for (const [name, party] of Object.entries(PARTIES)) {
    const organisation = consortium.party(name).organisation.key;
    identities[name as PartyName] = await caOf(organisation).enrol(name, {
      role: party.role,
      gln: party.gln,
    });
  }
  for (const [name, adversary] of Object.entries(ADVERSARIES)) {
    identities[name as keyof typeof ADVERSARIES] = await caOf(adversary.organisation).enrol(
      name,
      adversary.attributes,
    );
  }
  const outsiderCa = await CertificateAuthority.create('OutsiderMSP', { clock: clock.peek });
  identities.outsider = await outsiderCa.enrol('outsider', OUTSIDER_ATTRIBUTES);
  const msps = Object.fromEntries(
    consortium.organisations.map((organisation) => [
      organisation.mspId,
      caOf(organisation.key).certificate,
    ]),
  );
  const ledger = await openEmbeddedLedger({ path: directory, msps, clock: clock.now });
  const scenario = Object.assign(
    new ScenarioLedger(
      ledger,
      identities as Record<ScenarioUser, LedgerIdentity>,
      clock.peek,
      async () => {
        await ledger.close();
        await rm(directory, { recursive: true, force: true });
      },
    ),
    {
      clock,
      engine: ledger.engine,
      msps,
    },
  );
  if (options.bootstrap !== false) {
    await seedConsortium(scenario.session('regulator'), consortium);
  }
  return scenario;
}
