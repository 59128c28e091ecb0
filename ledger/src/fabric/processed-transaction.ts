import { common, peer } from '@hyperledger/fabric-protos';
import type { TransactionOutcome } from '../ledger';

/** The name of each validation code, e.g. 11 → MVCC_READ_CONFLICT. */
const VALIDATION_CODE_NAMES = new Map<number, string>(
  Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name]),
);

/**
 * What a committed transaction came to, from qscc's `GetTransactionByID` answer (a
 * ProcessedTransaction): its validation code and, when valid, the chaincode's response payload,
 * which every endorsement of the transaction carries (envelope → payload → transaction → first
 * action → chaincode action payload → proposal response payload → chaincode action → response).
 */
export function transactionOutcomeOf(processed: Uint8Array): TransactionOutcome {
  const transaction = peer.ProcessedTransaction.deserializeBinary(processed);
  const code = transaction.getValidationcode();
  if (code !== peer.TxValidationCode.VALID) {
    return { status: 'invalid', code: VALIDATION_CODE_NAMES.get(code) ?? String(code) };
  }
  const envelope = transaction.getTransactionenvelope();
  if (envelope === undefined) {
    throw new Error('the processed transaction has no envelope');
  }
  const payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
  const action = peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()[0];
  if (action === undefined) {
    throw new Error('the processed transaction has no action');
  }
  const endorsed = peer.ChaincodeActionPayload.deserializeBinary(
    action.getPayload_asU8(),
  ).getAction();
  if (endorsed === undefined) {
    throw new Error('the processed transaction has no endorsed action');
  }
  const responsePayload = peer.ProposalResponsePayload.deserializeBinary(
    endorsed.getProposalResponsePayload_asU8(),
  );
  const response = peer.ChaincodeAction.deserializeBinary(
    responsePayload.getExtension_asU8(),
  ).getResponse();
  return { status: 'committed', payload: Buffer.from(response?.getPayload_asU8() ?? []) };
}
