import type { VerdictReasonCode } from '@packtrace/chaincode/client';
import { verificationData } from '../src/vrs/verification-answer';

const verdict = (...codes: VerdictReasonCode[]) => ({
  reasons: codes.map((code) => ({ code, message: '', euAlert: null, raisesAlert: false })),
});

/** The mapping of docs/data-model.md, "Verification requests (GS1 VRS)", row by row. */
describe('the ledger’s verdict as a GS1 verification answer', () => {
  it.each<[VerdictReasonCode[], ReturnType<typeof verificationData>]>([
    [[], { verified: true }],
    [['UNKNOWN_PRODUCT'], { verified: false, verificationFailureReason: 'No_match_GTIN_Serial' }],
    [
      ['UNKNOWN_BATCH', 'UNKNOWN_SERIAL'],
      { verified: false, verificationFailureReason: 'No_match_GTIN_Serial' },
    ],
    [
      ['SERIAL_UNDER_OTHER_BATCH'],
      { verified: false, verificationFailureReason: 'No_match_GTIN_Serial_Lot' },
    ],
    [
      ['EXPIRY_MISMATCH'],
      { verified: false, verificationFailureReason: 'No_match_GTIN_Serial_Expiry' },
    ],
    [
      ['SERIAL_UNDER_OTHER_BATCH', 'EXPIRY_MISMATCH', 'BATCH_RECALLED'],
      {
        verified: false,
        verificationFailureReason: 'No_match_GTIN_Serial_Lot_Expiry',
        additionalInfo: 'Recalled',
      },
    ],
    [['BATCH_RECALLED'], { verified: true, additionalInfo: 'Recalled' }],
    [['EXPIRED'], { verified: true, additionalInfo: 'Expired' }],
    [['BATCH_RECALLED', 'EXPIRED'], { verified: true, additionalInfo: 'Recalled' }],
    [
      ['UNDER_INVESTIGATION', 'EXPIRED'],
      {
        verified: false,
        verificationFailureReason: 'Not_for_re-distribution',
        additionalInfo: 'Suspect',
      },
    ],
    [
      ['PACK_INACTIVE'],
      {
        verified: false,
        verificationFailureReason: 'Not_for_re-distribution',
        additionalInfo: 'Suspect',
      },
    ],
    [
      ['ILLEGITIMATE', 'BATCH_RECALLED'],
      {
        verified: false,
        verificationFailureReason: 'Not_for_re-distribution',
        additionalInfo: 'Illegitimate',
      },
    ],
    [['NOT_IN_CUSTODY'], { verified: true }],
    [['IN_TRANSIT', 'EXPIRED'], { verified: true, additionalInfo: 'Expired' }],
  ])('%j → %j', (codes, expected) => {
    expect(verificationData(verdict(...codes))).toEqual(expected);
  });
});
