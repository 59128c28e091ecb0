import type { Consortium } from '@packtrace/consortium';
import { Tx } from '@packtrace/chaincode/client';
import type { LedgerSession } from './ledger';
import { LedgerFailure } from './ledger-failure';

/** What seeding did: the parties it registered now, and those the ledger already had. */
export interface SeedReport {
  readonly bootstrapped: boolean;
  readonly registered: readonly string[];
  readonly alreadyPresent: readonly string[];
}

/** Whether a failure is the chaincode's refusal with `code`. */
function refusedWith(error: unknown, code: string): boolean {
  return error instanceof LedgerFailure && error.kind === 'refused' && error.body?.code === code;
}

/**
 * Bootstraps the regulator and registers every party of the consortium, as the regulator's own
 * identity (`regulator` must be a session of the consortium's regulator party). Safe to run
 * again: what the ledger already holds is left as it is.
 */
export async function seedConsortium(
  regulator: LedgerSession,
  consortium: Consortium,
): Promise<SeedReport> {
  let bootstrapped = true;
  try {
    await regulator.submit(Tx.Bootstrap.name, [consortium.regulator.name]);
  } catch (error) {
    if (!refusedWith(error, 'ALREADY_BOOTSTRAPPED')) {
      throw error;
    }
    bootstrapped = false;
  }
  // The registrations write disjoint keys (each party and its company prefixes), so they are
  // submitted together: on Fabric they commit in one block instead of one block each, which
  // every test channel's seeding waits for.
  const outcomes = await Promise.all(
    consortium.parties
      .filter((p) => p !== consortium.regulator)
      .map(async (party) => {
        try {
          await regulator.submit(Tx.RegisterParty.name, [
            party.gln,
            party.name,
            party.role,
            party.organisation.mspId,
            JSON.stringify(party.companyPrefixes),
          ]);
          return { key: party.key, registered: true };
        } catch (error) {
          if (!refusedWith(error, 'PARTY_EXISTS')) {
            throw error;
          }
          return { key: party.key, registered: false };
        }
      }),
  );
  const registered = outcomes.filter((o) => o.registered).map((o) => o.key);
  const alreadyPresent = outcomes.filter((o) => !o.registered).map((o) => o.key);
  return { bootstrapped, registered, alreadyPresent };
}
