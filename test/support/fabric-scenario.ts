import { randomBytes } from 'node:crypto';
import { consortium } from '@packtrace/consortium';
import { CertificateAuthority } from '@packtrace/embedded-ledger';
import {
  networkUserIdentity,
  openNetworkChannel,
  readIdentity,
  seedConsortium,
  type LedgerIdentity,
} from '@packtrace/ledger';
import { createChannel, enrolUser } from '@packtrace/network';
import { ADVERSARIES, OUTSIDER_ATTRIBUTES } from './adversaries';
import { PARTIES, type PartyName } from './demo-parties';
import { ScenarioLedger, type ScenarioUser } from './scenario-ledger';

/**
 * A fresh channel of the running Fabric network for one suite, so suites start from an empty
 * ledger as they do on the embedded ledger: the chaincode deployed on it, the consortium's users
 * from their organisations' Fabric CAs, the adversaries enrolled there too (the outsider's CA is
 * trusted by no organisation), and, unless `bootstrap` is false, the consortium seeded by the
 * regulator.
 */
export async function startFabricScenario(
  options: { bootstrap?: boolean } = {},
): Promise<ScenarioLedger> {
  const channel = `suite-${randomBytes(4).toString('hex')}`;
  await createChannel(channel);
  const identities: Partial<Record<ScenarioUser, LedgerIdentity>> = {};
  for (const name of Object.keys(PARTIES) as PartyName[]) {
    const user = consortium.users.find((candidate) => candidate.party.key === name);
    if (user === undefined) {
      throw new Error(`consortium.json names no user for party ${name}`);
    }
    identities[name] = await networkUserIdentity(user.username);
  }
  for (const [name, adversary] of Object.entries(ADVERSARIES)) {
    const enrolled = await enrolUser(
      adversary.organisation,
      `scenario-${name}`,
      adversary.attributes,
    );
    identities[name as keyof typeof ADVERSARIES] = await readIdentity(
      enrolled.mspId,
      enrolled.certificatePath,
      enrolled.privateKeyPath,
    );
  }
  identities.outsider = await (
    await CertificateAuthority.create('OutsiderMSP')
  ).enrol('outsider', OUTSIDER_ATTRIBUTES);
  // Scenarios act as one organisation, then read as another, as the gateway's users do.
  const ledger = openNetworkChannel(channel, { readYourWritesEverywhere: true });
  const scenario = new ScenarioLedger(
    ledger,
    identities as Record<ScenarioUser, LedgerIdentity>,
    () => new Date(),
    () => ledger.close(),
  );
  if (options.bootstrap !== false) {
    await seedConsortium(scenario.session('regulator'), consortium);
  }
  return scenario;
}
