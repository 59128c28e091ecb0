import { EmbeddedBackend } from './embedded-backend';
import type { OpenEmbeddedLedgerOptions, EmbeddedLedger } from './embedded-ledger';

/** Opens the embedded ledger: the chaincode in this process on LevelDB, behind the ledger seam. */
export function openEmbeddedLedger(options: OpenEmbeddedLedgerOptions): Promise<EmbeddedLedger> {
  return EmbeddedBackend.open(options);
}
