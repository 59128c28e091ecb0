import { FabricBackend } from './fabric-backend';
import type { FabricLedger, FabricLedgerOptions } from './fabric-options';

/**
 * Opens a channel of a Fabric network behind the seam, through `@hyperledger/fabric-gateway`.
 * Nothing is dialled until the first session makes a call.
 */
export function openFabricLedger(options: FabricLedgerOptions): FabricLedger {
  return new FabricBackend(options);
}
