import { common, peer } from '@hyperledger/fabric-protos';

/** A chaincode event found in a block: its transaction, name and payload. */
export interface BlockChaincodeEvent {
  readonly transactionId: string;
  readonly name: string;
  readonly payload: Buffer;
}

/**
 * The events one chaincode emitted in a block's valid transactions, in block order: envelope →
 * payload (endorser transactions only) → each action → chaincode action payload → proposal
 * response payload → chaincode action → event. The block's transaction filter says which
 * transactions are valid; an invalid one's event never happened.
 */
export function chaincodeEventsOf(block: common.Block, chaincode: string): BlockChaincodeEvent[] {
  const filter =
    block.getMetadata()?.getMetadataList_asU8()[common.BlockMetadataIndex.TRANSACTIONS_FILTER] ??
    new Uint8Array();
  const events: BlockChaincodeEvent[] = [];
  (block.getData()?.getDataList_asU8() ?? []).forEach((bytes, index) => {
    if (filter[index] !== peer.TxValidationCode.VALID) {
      return;
    }
    const payload = common.Payload.deserializeBinary(
      common.Envelope.deserializeBinary(bytes).getPayload_asU8(),
    );
    const header = common.ChannelHeader.deserializeBinary(
      payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array(),
    );
    if (header.getType() !== common.HeaderType.ENDORSER_TRANSACTION) {
      return;
    }
    for (const action of peer.Transaction.deserializeBinary(
      payload.getData_asU8(),
    ).getActionsList()) {
      const endorsed = peer.ChaincodeActionPayload.deserializeBinary(
        action.getPayload_asU8(),
      ).getAction();
      if (endorsed === undefined) {
        continue;
      }
      const extension = peer.ProposalResponsePayload.deserializeBinary(
        endorsed.getProposalResponsePayload_asU8(),
      ).getExtension_asU8();
      const eventBytes = peer.ChaincodeAction.deserializeBinary(extension).getEvents_asU8();
      if (eventBytes.length === 0) {
        continue;
      }
      const event = peer.ChaincodeEvent.deserializeBinary(eventBytes);
      if (event.getChaincodeId() === chaincode) {
        events.push({
          transactionId: header.getTxId(),
          name: event.getEventName(),
          payload: Buffer.from(event.getPayload_asU8()),
        });
      }
    }
  });
  return events;
}
