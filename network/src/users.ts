/**
 * Extra users enrolled at an organisation's CA on demand: the users an organisation's
 * administrator adds through the gateway, and identities tests need that the consortium does
 * not have (an unregistered GLN, no attributes, another organisation's role).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { consortium } from '@packtrace/consortium';
import { type CertificateAttributes, REGISTRAR, revoke } from './certificate-authorities';
import {
  attributesFile,
  companyAffiliation,
  consortiumUserAttributes,
  consortiumUserRegistration,
  ensureUser,
  nodeIdentityIds,
  userMsp,
} from './crypto-material';
import { withLock } from './lock';
import { orgLayout } from './paths';
import { organisation } from './topology';

/** A user's signing identity as files. */
export interface EnrolledUser {
  readonly mspId: string;
  readonly certificatePath: string;
  readonly privateKeyPath: string;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/** Whose company a user belongs to at the CA, and who registers it there. */
export interface CompanyRegistration {
  /** The GLN of the user's company: its affiliation is `<organisation>.gln<GLN>`. */
  readonly companyGln: string;
  /**
   * The company administrator (a consortium or earlier enrolled user of the organisation)
   * whose CA identity registers the user; the CA lets it register in its own company's
   * affiliation only. Without one, the organisation's root registrar (its operator) does.
   */
  readonly registrar?: string;
  /** Makes the user a company administrator: a registrar of its company's affiliation. */
  readonly companyAdministrator?: boolean;
}

/**
 * Registers (idempotently) and enrols a client user at the organisation's CA with exactly the
 * given attributes in its certificate (`name=value:ecert`; none at all is allowed). Calling it
 * again with the same attributes returns the existing certificate; with other attributes the
 * identity is registered anew. Consortium users keep their own attributes and company. Without
 * `company`, the user is registered in the root affiliation by the root registrar.
 */
export async function enrolUser(
  orgKey: string,
  username: string,
  attributes: Readonly<Record<string, string>>,
  company?: CompanyRegistration,
): Promise<EnrolledUser> {
  const org = organisation(orgKey);
  if (!USERNAME.test(username)) {
    throw new Error(`invalid username '${username}'`);
  }
  if (isNodeIdentityName(username)) {
    throw new Error(`'${username}' is a node identity of ${orgKey}, not a user`);
  }
  const member = consortium.users.find((user) => user.username === username);
  let wanted: CertificateAttributes = attributes;
  let registration =
    company === undefined
      ? undefined
      : {
          affiliation: companyAffiliation(org.key, company.companyGln),
          ...(company.registrar === undefined
            ? {}
            : { registrarMsp: userMsp(org, registrarName(company.registrar, orgKey)).dir }),
          ...(company.companyAdministrator === true ? { companyAdministrator: true } : {}),
        };
  if (member !== undefined) {
    const own = consortiumUserAttributes(username);
    const same =
      member.party.organisation.key === orgKey &&
      JSON.stringify(Object.entries(own).sort()) ===
        JSON.stringify(Object.entries(attributes).sort());
    if (!same) {
      throw new Error(
        `'${username}' is a consortium user of ${member.party.organisation.key}; enrol extra users under another name`,
      );
    }
    wanted = own;
    registration = consortiumUserRegistration(username);
  }
  await ensureUser(org, username, wanted, registration);
  const msp = userMsp(org, username);
  return { mspId: org.mspId, certificatePath: msp.cert, privateKeyPath: msp.key };
}

/** A registrar's username, checked as any user's is before its folder is named. */
function registrarName(username: string, orgKey: string): string {
  if (!USERNAME.test(username) || isNodeIdentityName(username)) {
    throw new Error(`'${username}' is not a user of ${orgKey} that can register others`);
  }
  return username;
}

/**
 * True for the names the network's CAs give their own identities (the registrar, and each
 * organisation's admin, peer, orderer and chaincode server): no user may take one.
 */
export function isNodeIdentityName(username: string): boolean {
  return (
    username === REGISTRAR ||
    consortium.organisations.some((org) => Object.values(nodeIdentityIds(org)).includes(username))
  );
}

/**
 * Revokes a user's identity at the organisation's CA (see `revoke`), and forgets the local
 * record of its enrolment, so that enrolling it again later registers it anew with a new
 * certificate. The certificate files stay until then: readers holding the path never see
 * half an identity.
 */
export async function revokeUser(
  orgKey: string,
  username: string,
  revoker?: string,
): Promise<void> {
  const org = organisation(orgKey);
  if (!USERNAME.test(username) || isNodeIdentityName(username)) {
    throw new Error(`'${username}' is not a user of ${orgKey}`);
  }
  const revokerMsp =
    revoker === undefined ? undefined : userMsp(org, registrarName(revoker, orgKey)).dir;
  const lock = join(orgLayout(org.key).users, `${username}.lock`);
  await withLock(lock, `revoking ${username} at ${org.key}`, async () => {
    await revoke(org, username, revokerMsp);
    rmSync(attributesFile(org, username), { force: true });
  });
}
