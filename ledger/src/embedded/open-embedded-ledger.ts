import { EmbeddedBackend } from './embedded-backend';
import type { EmbeddedLedgerOptions, InProcessLedger } from './in-process-ledger';

/** Opens the chaincode in-process on LevelDB, behind the ledger seam. */
export function openEmbeddedLedger(options: EmbeddedLedgerOptions): Promise<InProcessLedger> {
  return EmbeddedBackend.open(options);
}
