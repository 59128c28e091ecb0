import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contracts, parseLedgerError } from '@packtrace/chaincode';
import {
  CertificateAuthority,
  EmbeddedLedger,
  EndorsementError,
  type X509Identity,
} from '@packtrace/embedded-ledger';
import { LedgerCallError, type LedgerDriver } from './ledger-driver';
import { PARTIES, gln, type PartyName } from './demo-parties';

/** A clock tests can move forward; each reading is one second after the last, as real proposals are. */
export class TestClock {
  private millis: number;
  constructor(start = '2026-11-22T09:00:00.000Z') {
    this.millis = Date.parse(start);
  }
  now = (): Date => {
    this.millis += 1000;
    return new Date(this.millis);
  };
  advanceDays(days: number): void {
    this.millis += days * 24 * 3600 * 1000;
  }
  advanceSeconds(seconds: number): void {
    this.millis += seconds * 1000;
  }
}

/** Users known to the in-process network, beyond the registered parties. */
export type EmbeddedUser = PartyName | 'unregistered' | 'noAttributes' | 'wrongMsp' | 'outsider';

/** The scenario network on the in-process ledger: one CA per organisation, real certificates. */
export class EmbeddedDriver implements LedgerDriver<EmbeddedUser> {
  private constructor(
    readonly ledger: EmbeddedLedger,
    readonly identities: Readonly<Record<EmbeddedUser, X509Identity>>,
    readonly clock: TestClock,
    /** The trusted MSPs: MSP id → CA certificate, for opening a twin ledger. */
    readonly msps: Readonly<Record<string, string>>,
    private readonly directory: string,
  ) {}

  static async start(options: { bootstrap?: boolean } = {}): Promise<EmbeddedDriver> {
    const directory = await mkdtemp(join(tmpdir(), 'packtrace-ledger-'));
    const clock = new TestClock();
    const mspIds = [...new Set(Object.values(PARTIES).map((party) => party.mspId))];
    const cas = new Map<string, CertificateAuthority>();
    for (const mspId of mspIds) {
      cas.set(mspId, await CertificateAuthority.create(mspId));
    }
    const outsiderCa = await CertificateAuthority.create('OutsiderMSP');
    const identities: Partial<Record<EmbeddedUser, X509Identity>> = {};
    for (const [name, party] of Object.entries(PARTIES)) {
      identities[name as PartyName] = await cas
        .get(party.mspId)!
        .enrol(name, { role: party.role, gln: party.gln });
    }
    const pharmacyCa = cas.get('PharmacyMSP')!;
    identities.unregistered = await pharmacyCa.enrol('unregistered', {
      role: 'pharmacy',
      gln: gln('950600000999'),
    });
    identities.noAttributes = await pharmacyCa.enrol('noAttributes', {});
    // A distributor's CA issuing a certificate that claims the pharmacy's GLN.
    identities.wrongMsp = await cas
      .get('DistributorMSP')!
      .enrol('impostor', { role: 'pharmacy', gln: PARTIES.pharmacy.gln });
    identities.outsider = await outsiderCa.enrol('outsider', {
      role: 'regulator',
      gln: PARTIES.regulator.gln,
    });
    const msps = Object.fromEntries([...cas].map(([mspId, ca]) => [mspId, ca.certificate]));
    const ledger = await EmbeddedLedger.open({
      path: directory,
      contracts,
      msps,
      clock: clock.now,
    });
    const driver = new EmbeddedDriver(
      ledger,
      identities as Record<EmbeddedUser, X509Identity>,
      clock,
      msps,
      directory,
    );
    if (options.bootstrap !== false) {
      await driver.registerParties();
    }
    return driver;
  }

  /** Bootstraps the regulator and registers every demo party. */
  async registerParties(): Promise<void> {
    await this.submit('regulator', 'parties:Bootstrap', PARTIES.regulator.name);
    for (const name of [
      'manufacturer',
      'distributor',
      'pharmacy',
      'pharmacy2',
      'manufacturer2',
    ] as const) {
      const party = PARTIES[name];
      const prefixes = 'prefixes' in party ? JSON.stringify(party.prefixes) : '[]';
      await this.submit(
        'regulator',
        'parties:RegisterParty',
        party.gln,
        party.name,
        party.role,
        party.mspId,
        prefixes,
      );
    }
  }

  async stop(): Promise<void> {
    await this.ledger.close();
    await rm(this.directory, { recursive: true, force: true });
  }

  async submit<T = unknown>(
    user: EmbeddedUser,
    transaction: string,
    ...args: string[]
  ): Promise<T> {
    return this.call(() =>
      this.ledger.submit(this.identities[user], transaction, args).then((r) => r.payload),
    );
  }

  async evaluate<T = unknown>(
    user: EmbeddedUser,
    transaction: string,
    ...args: string[]
  ): Promise<T> {
    return this.call(() => this.ledger.evaluate(this.identities[user], transaction, args));
  }

  private async call<T>(run: () => Promise<Buffer>): Promise<T> {
    try {
      const payload = await run();
      return JSON.parse(payload.toString('utf8')) as T;
    } catch (error) {
      if (error instanceof EndorsementError) {
        const body = parseLedgerError(error.message);
        if (body !== undefined) {
          throw new LedgerCallError(body);
        }
      }
      throw error;
    }
  }
}
