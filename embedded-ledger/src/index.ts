/**
 * The embedded ledger's engine: it runs the same Fabric contract classes a peer runs, on LevelDB.
 *
 * @packageDocumentation
 */
import './quiet-chaincode-logs';
// @peculiar/x509 resolves its services through decorator metadata.
import 'reflect-metadata';
export {
  EmbeddedEngine,
  type CallerIdentity,
  type Endorsement,
  type EmbeddedEngineOptions,
  type ProposalOptions,
  type SubmitResult,
} from './embedded-engine';
export {
  CertificateAuthority,
  type CertificateAuthorityOptions,
  FABRIC_ATTRIBUTE_OID,
  isIssuedBy,
  type X509Identity,
} from './certificate-authority';
export {
  CommitError,
  EndorsementError,
  IdentityRejectedError,
  type ValidationCode,
} from './peer-errors';
export type { CommittedTransaction, KeyModification } from './state-database';
export type { ReadWriteSet } from './transaction-simulator';
