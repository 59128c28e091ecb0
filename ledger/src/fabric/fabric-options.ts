import type { Deadlines, Ledger } from '../ledger';

/** A peer a gateway session may connect to: its organisation's own peer. */
export interface FabricPeer {
  readonly mspId: string;
  /** `host:port`; dial `localhost`, which the peers' TLS certificates name. */
  readonly endpoint: string;
  /** PEM of the CA that issued the peer's TLS certificate. */
  readonly tlsRootCertificate: string;
  /** The name to expect in the peer's TLS certificate, when the endpoint's host differs. */
  readonly serverNameOverride?: string;
}

/** How to reach a channel of a Fabric network. */
export interface FabricLedgerOptions {
  readonly channel: string;
  readonly chaincode: string;
  /** One gateway peer per organisation; a user's session goes through their own organisation's. */
  readonly peers: readonly FabricPeer[];
  readonly deadlines?: Partial<Deadlines>;
  /**
   * After a submit, wait (within the commit-status deadline) until every organisation's peer
   * has committed its block, so that whoever reads next, through any peer, sees the write. Off
   * by default: a commit is final once its own peer reports it; peers of other organisations
   * follow within milliseconds, and waiting costs one query per organisation per submit.
   */
  readonly readYourWritesEverywhere?: boolean;
}

/** A Fabric channel behind the seam. */
export interface FabricLedger extends Ledger {
  readonly kind: 'fabric';
  readonly channel: string;
}
