/** Stable codes for every way a GS1 identifier or code can be rejected. */
export type Gs1ErrorCode =
  | 'EMPTY_CODE'
  | 'CODE_TOO_LONG'
  | 'MALFORMED_CODE'
  | 'UNSUPPORTED_AI'
  | 'DUPLICATE_AI'
  | 'MISSING_GTIN'
  | 'MISSING_SERIAL'
  | 'NOT_A_PACK_CODE'
  | 'INVALID_GTIN'
  | 'INVALID_SERIAL'
  | 'INVALID_LOT'
  | 'INVALID_EXPIRY'
  | 'INVALID_SSCC'
  | 'INVALID_GLN'
  | 'INVALID_NHRN'
  | 'INVALID_COMPANY_PREFIX';

/**
 * A rejected GS1 input. `field` names the part that was wrong (an application identifier's
 * name such as `gtin` or `serial`), so a user can be told exactly what to fix.
 */
export class Gs1Error extends Error {
  override readonly name = 'Gs1Error';

  constructor(
    readonly code: Gs1ErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
