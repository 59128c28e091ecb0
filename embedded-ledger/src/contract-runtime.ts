import { JSONSerializer } from 'fabric-contract-api';
import type { TransactionSimulator } from './transaction-simulator';

/** The response a chaincode gives a peer: status 200 with a payload, or an error message. */
export interface ChaincodeResponse {
  readonly status: number;
  readonly message?: string;
  readonly payload?: Buffer;
}

interface ContractDispatcher {
  Invoke(stub: TransactionSimulator): Promise<ChaincodeResponse>;
}

type DispatcherConstructor = new (
  contracts: unknown[],
  serializers: unknown,
  metadata: object,
  title: string,
  version: string,
) => ContractDispatcher;

/**
 * fabric-shim's own contract dispatcher: the code a chaincode server runs for every proposal
 * (function routing, parameter marshalling, before/after hooks, error responses). Using it
 * rather than calling contract methods directly is what makes the embedded engine run the
 * chaincode the way a peer does. It is internal to fabric-shim, hence the deep require.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const ChaincodeFromContract =
  require('fabric-shim/lib/contract-spi/chaincodefromcontract') as DispatcherConstructor;
/* eslint-enable @typescript-eslint/no-require-imports */

/** Loads contract classes the way fabric-shim's bootstrap does. */
export function loadContracts(
  contracts: readonly unknown[],
  title: string,
  version: string,
): ContractDispatcher {
  const serializers = {
    transaction: 'jsonSerializer',
    serializers: { jsonSerializer: JSONSerializer },
  };
  // The dispatcher appends its system contract to the array it is given, so give it a copy.
  return new ChaincodeFromContract([...contracts], serializers, {}, title, version);
}
