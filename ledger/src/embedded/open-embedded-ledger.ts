import { EmbeddedBackend } from './embedded-backend';
import type { OpenEmbeddedLedgerOptions, InProcessLedger } from './in-process-ledger';

/** Opens the chaincode in-process on LevelDB, behind the ledger seam. */
export function openEmbeddedLedger(options: OpenEmbeddedLedgerOptions): Promise<InProcessLedger> {
  return EmbeddedBackend.open(options);
}
