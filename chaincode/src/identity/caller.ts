import { Gs1Error, validateGln } from '@packtrace/gs1';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { readRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import { PARTY_ROLES, type Party, type PartyRole } from '../model/party';
import { ACCESS_RULES, type TransactionName } from './access-rules';
import { AFFILIATION_ATTRIBUTE, checkCompanyAffiliation } from './company-affiliation';

/** Who is calling, read from the certificate the peer has already authenticated. */
export interface CertifiedCaller {
  readonly mspId: string;
  readonly role: PartyRole;
  readonly gln: string;
}

/** A caller whose certificate matches a registered party. */
export interface Caller extends CertifiedCaller {
  readonly party: Party;
}

/**
 * Reads role and GLN from the caller's certificate attributes (issued by the organisation's
 * Fabric CA), the GLN counting only when the certificate's CA affiliation is that company's
 * (checkCompanyAffiliation). Arguments never name the caller.
 */
export function certifiedCaller(ctx: TraceContext): CertifiedCaller {
  const identity = ctx.clientIdentity;
  const role = identity.getAttributeValue('role');
  const gln = identity.getAttributeValue('gln');
  if (role === null || !(PARTY_ROLES as readonly string[]).includes(role)) {
    throw new ChaincodeRefusal(
      'IDENTITY_INCOMPLETE',
      `the caller's certificate has no valid 'role' attribute (one of ${PARTY_ROLES.join(', ')})`,
    );
  }
  if (gln === null) {
    throw new ChaincodeRefusal(
      'IDENTITY_INCOMPLETE',
      "the caller's certificate has no 'gln' attribute",
    );
  }
  try {
    validateGln(gln);
  } catch (error) {
    if (error instanceof Gs1Error) {
      throw new ChaincodeRefusal(
        'IDENTITY_INCOMPLETE',
        `the caller's certificate 'gln' is invalid: ${error.message}`,
      );
    }
    throw error;
  }
  checkCompanyAffiliation(identity.getAttributeValue(AFFILIATION_ATTRIBUTE), gln);
  return { mspId: identity.getMSPID(), role: role as PartyRole, gln };
}

/** Refuses a caller whose certified role the transaction's rule does not list. */
export function checkRole(caller: CertifiedCaller, transaction: TransactionName): void {
  const rule = ACCESS_RULES[transaction];
  if (!rule.roles.includes(caller.role)) {
    throw new ChaincodeRefusal('ROLE_FORBIDDEN', `a ${caller.role} may not call ${transaction}`, {
      transaction,
      role: caller.role,
    });
  }
}

/**
 * The gate every transaction but Bootstrap passes first: certificate attributes, the role rule,
 * then the registered party behind the certificate (same MSP, same role, and authorised for
 * anything that writes).
 */
export async function authorise(ctx: TraceContext, transaction: TransactionName): Promise<Caller> {
  const certified = certifiedCaller(ctx);
  checkRole(certified, transaction);
  const party = await readRecord<Party>(ctx, Keys.party(ctx, certified.gln));
  if (party === undefined) {
    throw new ChaincodeRefusal(
      'PARTY_NOT_REGISTERED',
      `no party with GLN ${certified.gln} is registered`,
    );
  }
  if (party.mspId !== certified.mspId || party.role !== certified.role) {
    throw new ChaincodeRefusal(
      'IDENTITY_MISMATCH',
      `the certificate (MSP ${certified.mspId}, role ${certified.role}) does not match party ${party.gln}`,
    );
  }
  if (ACCESS_RULES[transaction].writes && party.status !== 'authorised') {
    throw new ChaincodeRefusal(
      'PARTY_SUSPENDED',
      `party ${party.gln} is suspended and may not change the ledger`,
    );
  }
  return { ...certified, party };
}
