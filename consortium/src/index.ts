/**
 * The consortium, declared once in `consortium.json`: the organisations and their MSP ids, the
 * parties each organisation speaks for, and the demo users. The gateway, the test suites and the
 * Fabric network all read it from here.
 *
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PARTY_ROLES, type PartyRole } from '@packtrace/chaincode/client';
import { validateCompanyPrefix, validateGln } from '@packtrace/gs1';

/** One member organisation: its own CA, peer, orderer and chaincode server on Fabric. */
export interface Organisation {
  /** Short name used for folders and process names, e.g. `pharmacy`. */
  readonly key: string;
  readonly mspId: string;
  readonly name: string;
  /**
   * Whether the organisation runs one of the channel's SmartBFT orderers (a consenter). A
   * consortium chooses its consenters; an organisation that is not one runs a CA, a peer and a
   * chaincode server only.
   */
  readonly consenter: boolean;
}

/** A registered party (a company site with a GLN) and the organisation whose certificates speak for it. */
export interface ConsortiumParty {
  /** Short name, e.g. `pharmacy2`. */
  readonly key: string;
  readonly organisation: Organisation;
  readonly role: PartyRole;
  readonly gln: string;
  readonly name: string;
  readonly companyPrefixes: readonly string[];
}

/**
 * A demo user: signs in to the gateway and acts on the ledger for its party. A company
 * administrator also manages the gateway accounts of its own party, never a sister company's
 * in the same organisation; its certificate is an ordinary one of that party (the ledger knows
 * no administrators, only parties).
 */
export interface ConsortiumUser {
  readonly username: string;
  readonly party: ConsortiumParty;
  /** True for the company administrator of its party's gateway accounts. */
  readonly admin: boolean;
}

/** The whole consortium. */
export interface Consortium {
  /** The channel the platform runs on. */
  readonly channel: string;
  /** The chaincode's name on that channel. */
  readonly chaincode: string;
  readonly organisations: readonly Organisation[];
  readonly parties: readonly ConsortiumParty[];
  readonly users: readonly ConsortiumUser[];
  /** The regulator party, which bootstraps the ledger and registers the others. */
  readonly regulator: ConsortiumParty;
  /** A party by key; throws for an unknown key. */
  party(key: string): ConsortiumParty;
  /** An organisation by key; throws for an unknown key. */
  organisation(key: string): Organisation;
}

interface ConsortiumFile {
  channel: string;
  chaincode: string;
  organisations: (Omit<Organisation, 'consenter'> & { consenter?: boolean })[];
  parties: (Omit<ConsortiumParty, 'organisation'> & { organisation: string })[];
  users: { username: string; party: string; admin?: boolean }[];
}

/** Where the description lives, for tools that read it without this module. */
export const CONSORTIUM_FILE = join(__dirname, '..', 'consortium.json');

function lookup<T extends { key: string }>(items: readonly T[], key: string, what: string): T {
  const found = items.find((item) => item.key === key);
  if (found === undefined) {
    throw new Error(`consortium.json: no ${what} '${key}'`);
  }
  return found;
}

function unique(values: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) {
      throw new Error(`consortium.json: ${what} '${value}' is declared twice`);
    }
    seen.add(value);
  }
}

/** Checks and links the file's contents; every mistake names the entry. */
export function parseConsortium(text: string): Consortium {
  const file = JSON.parse(text) as ConsortiumFile;
  const declared: Array<[readonly string[], string]> = [
    [file.organisations.map((o) => o.key), 'organisation'],
    [file.organisations.map((o) => o.mspId), 'MSP id'],
    [file.parties.map((p) => p.key), 'party'],
    [file.parties.map((p) => p.gln), 'GLN'],
    [file.users.map((u) => u.username), 'user'],
  ];
  declared.forEach(([values, what]) => unique(values, what));
  const organisations = file.organisations.map((org): Organisation => {
    if (org.consenter !== undefined && typeof org.consenter !== 'boolean') {
      throw new Error(`consortium.json: organisation '${org.key}' has a non-boolean 'consenter'`);
    }
    return { key: org.key, mspId: org.mspId, name: org.name, consenter: org.consenter !== false };
  });
  const parties = file.parties.map((party): ConsortiumParty => {
    if (!(PARTY_ROLES as readonly string[]).includes(party.role)) {
      throw new Error(`consortium.json: party '${party.key}' has unknown role '${party.role}'`);
    }
    validateGln(party.gln);
    party.companyPrefixes.forEach((prefix) => validateCompanyPrefix(prefix));
    return {
      ...party,
      organisation: lookup(organisations, party.organisation, 'organisation'),
    };
  });
  const users = file.users.map((user): ConsortiumUser => {
    if (user.admin !== undefined && typeof user.admin !== 'boolean') {
      throw new Error(`consortium.json: user '${user.username}' has a non-boolean 'admin'`);
    }
    return {
      username: user.username,
      party: lookup(parties, user.party, 'party'),
      admin: user.admin === true,
    };
  });
  for (const party of parties) {
    if (!users.some((user) => user.admin && user.party === party)) {
      throw new Error(
        `consortium.json: party '${party.key}' has no company administrator (a user with "admin": true)`,
      );
    }
  }
  const regulators = parties.filter((party) => party.role === 'regulator');
  const regulator = regulators[0];
  if (regulator === undefined || regulators.length > 1) {
    throw new Error(
      'consortium.json: exactly one regulator party is needed to bootstrap the ledger',
    );
  }
  return {
    channel: file.channel,
    chaincode: file.chaincode,
    organisations,
    parties,
    users,
    regulator,
    party: (key) => lookup(parties, key, 'party'),
    organisation: (key) => lookup(organisations, key, 'organisation'),
  };
}

/** The consortium as declared in `consortium.json`. */
export const consortium: Consortium = parseConsortium(readFileSync(CONSORTIUM_FILE, 'utf8'));
