import type { CaptureJobs } from './capture-jobs';

/** What the EPCIS routes keep across requests, given to them by the gateway's assembly. */
export interface EpcisServices {
  /** The capture jobs this gateway ran, for their callers to read back. */
  readonly captures: CaptureJobs;
  /**
   * The key query page tokens are signed with (see `pageTokenKeyFrom`): derived from the
   * bearer-token key file, so tokens survive a restart and every replica sharing sign-ins reads
   * the others' tokens.
   */
  readonly pageTokenKey: Uint8Array;
}
