/**
 * Extra users enrolled at an organisation's CA on demand, e.g. by tests that need identities the
 * consortium does not have (an unregistered GLN, no attributes, another organisation's role).
 */
import { consortium } from '@packtrace/consortium';
import { type CertificateAttributes, REGISTRAR } from './certificate-authorities';
import { consortiumUserAttributes, ensureUser, nodeIdentityIds, userMsp } from './crypto-material';
import { organisation } from './topology';

/** A user's signing identity as files. */
export interface EnrolledUser {
  readonly mspId: string;
  readonly certificatePath: string;
  readonly privateKeyPath: string;
}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

/**
 * Registers (idempotently) and enrols a client user at the organisation's CA with exactly the
 * given attributes in its certificate (`name=value:ecert`; none at all is allowed). Calling it
 * again with the same attributes returns the existing certificate; with other attributes the
 * identity is registered anew. Consortium users keep their own attributes.
 */
export async function enrolUser(
  orgKey: string,
  username: string,
  attributes: Readonly<Record<string, string>>,
): Promise<EnrolledUser> {
  const org = organisation(orgKey);
  if (!USERNAME.test(username)) {
    throw new Error(`invalid username '${username}'`);
  }
  if (username === REGISTRAR || Object.values(nodeIdentityIds(org)).includes(username)) {
    throw new Error(`'${username}' is a node identity of ${orgKey}, not a user`);
  }
  const member = consortium.users.find((user) => user.username === username);
  let wanted: CertificateAttributes = attributes;
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
  }
  await ensureUser(org, username, wanted);
  const msp = userMsp(org, username);
  return { mspId: org.mspId, certificatePath: msp.cert, privateKeyPath: msp.key };
}
