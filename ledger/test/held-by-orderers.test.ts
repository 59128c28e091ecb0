import { GatewayError } from '@hyperledger/fabric-gateway';
import { status as GrpcStatus, Metadata, type ServiceError } from '@grpc/grpc-js';
import { heldByOrderers } from '../src/fabric/fabric-failure';

function gatewayError(name: string, message: string, detail: string): GatewayError {
  const cause: ServiceError = Object.assign(new Error(message), {
    code: GrpcStatus.UNAVAILABLE,
    details: message,
    metadata: new Metadata(),
  });
  const error = new GatewayError({
    code: GrpcStatus.UNAVAILABLE,
    details: [{ address: 'orderer:7050', message: detail, mspId: 'RegulatorMSP' }],
    cause,
    message,
  });
  error.name = name;
  return error;
}

describe('a submit refused because SmartBFT orderers already hold the transaction', () => {
  const quorum =
    '14 UNAVAILABLE: insufficient number of orderers could successfully process transaction to satisfy quorum requirement';
  const held =
    'received unsuccessful response from orderer: status=SERVICE_UNAVAILABLE, info=failed to submit request: request already processed';

  it('is recognised from the orderers’ details (its commit status is then asked, not reported unknown at once)', () => {
    expect(heldByOrderers(gatewayError('SubmitError', quorum, held))).toBe(true);
  });

  it('is not confused with other submit failures or with endorsement failures', () => {
    expect(heldByOrderers(gatewayError('SubmitError', quorum, 'connection refused'))).toBe(false);
    expect(heldByOrderers(gatewayError('EndorseError', quorum, held))).toBe(false);
    expect(heldByOrderers(new Error(held))).toBe(false);
  });
});
