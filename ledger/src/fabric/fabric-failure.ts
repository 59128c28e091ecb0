import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitStatusError, EndorseError, GatewayError } from '@hyperledger/fabric-gateway';
import { parseLedgerError } from '@packtrace/chaincode/client';
import { LedgerFailure } from '../ledger-failure';

/** Peers' words for a creator certificate they do not accept. */
const IDENTITY_REJECTED =
  /access denied|creator org unknown|certificate .*(expired|not valid)|failed deserializing|could not be validated/i;

/** gRPC statuses that mean the ledger was not reached or did not answer: nothing changed. */
const UNREACHED: ReadonlySet<number> = new Set<number>([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.FAILED_PRECONDITION,
  GrpcStatus.RESOURCE_EXHAUSTED,
]);

/**
 * A peer's words when its chaincode server does not answer: not started, refusing connections,
 * or killed while the peer held a stream to it.
 */
const CHAINCODE_UNREACHABLE =
  /could not launch chaincode|chaincode stream terminated|failed to invoke chaincode|error creating grpc connection to .* connection refused/;

/** The gateway's words when its own peer endorsed but too few other organisations' peers did. */
const LAGGING_ENDORSER = /failed to collect enough transaction endorsements/;
const DEADLINE_EXCEEDED: number = GrpcStatus.DEADLINE_EXCEEDED;

/**
 * A SmartBFT orderer's words for a transaction it has already taken (e.g. forwarded by another
 * orderer): a submit that failed with them may still be ordered.
 */
const ALREADY_WITH_ORDERERS = /request already processed/;

/**
 * Whether a submit failed only because SmartBFT orderers already held the transaction (another
 * orderer forwarded it first): it is then on its way to a block, and its commit status can be
 * asked like any other's.
 */
export function heldByOrderers(error: unknown): boolean {
  return (
    error instanceof GatewayError &&
    error.name === 'SubmitError' &&
    ALREADY_WITH_ORDERERS.test(detailText(error))
  );
}

function detailText(error: GatewayError): string {
  return [error.message, ...error.details.map((detail) => detail.message)].join('\n');
}

/**
 * Translates the Fabric Gateway client's errors into the seam's failures. Where the transaction
 * may already be with the orderers (a submit that timed out, a commit status not read), the
 * outcome is unknown, never a failure.
 */
export function fabricFailure(error: unknown, transaction: string, txId?: string): LedgerFailure {
  if (error instanceof LedgerFailure) {
    return error;
  }
  const ids = txId === undefined ? {} : { txId };
  if (error instanceof CommitStatusError) {
    return new LedgerFailure(
      'outcome_unknown',
      `the commit status of ${transaction} could not be read; it may have committed`,
      { ...ids, txId: error.transactionId, cause: error },
    );
  }
  if (error instanceof GatewayError) {
    const text = detailText(error);
    if (CHAINCODE_UNREACHABLE.test(text)) {
      return new LedgerFailure(
        'unavailable',
        `${transaction}: a peer could not reach its chaincode server: ${text}`,
        { ...ids, cause: error },
      );
    }
    if (error instanceof EndorseError && LAGGING_ENDORSER.test(error.message)) {
      // The gateway's own peer endorsed, another organisation's did not: that peer has not yet
      // committed a block the proposal depends on (peers commit each block independently). Like
      // an MVCC conflict, running it again against caught-up state is the answer.
      return new LedgerFailure('conflict', `${transaction}: endorsers disagreed: ${text}`, {
        ...ids,
        cause: error,
      });
    }
    // The chaincode's refusal, from an endorsement (ABORTED) or an evaluation (UNKNOWN alike).
    const body = parseLedgerError(text);
    if (body !== undefined) {
      return new LedgerFailure('refused', body.message, { ...ids, body, cause: error });
    }
    if (IDENTITY_REJECTED.test(text)) {
      return new LedgerFailure('identity_rejected', `the ledger refused the caller: ${text}`, {
        ...ids,
        cause: error,
      });
    }
    if (error.name === 'SubmitError' && ALREADY_WITH_ORDERERS.test(text)) {
      // Some orderers hold the transaction already: it may be ordered and commit.
      return new LedgerFailure(
        'outcome_unknown',
        `ordering ${transaction} failed on some orderers that already held it; it may have committed: ${text}`,
        { ...ids, cause: error },
      );
    }
    if (error.name === 'SubmitError' && error.code === DEADLINE_EXCEEDED) {
      return new LedgerFailure(
        'outcome_unknown',
        `ordering ${transaction} did not answer in time; it may have committed`,
        { ...ids, cause: error },
      );
    }
    if (UNREACHED.has(error.code)) {
      return new LedgerFailure('unavailable', `${transaction}: ${text}`, { ...ids, cause: error });
    }
    return new LedgerFailure('internal', `${transaction}: ${text}`, { ...ids, cause: error });
  }
  return new LedgerFailure('internal', error instanceof Error ? error.message : String(error), {
    ...ids,
    cause: error,
  });
}
