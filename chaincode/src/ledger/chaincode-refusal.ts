/**
 * Every refusal the chaincode can give. The code is stable (clients branch on it); the message
 * is a sentence for people. The gateway maps each code to an HTTP status in one table.
 */
export const LEDGER_ERROR_CODES = [
  // the caller
  'IDENTITY_INCOMPLETE',
  'PARTY_NOT_REGISTERED',
  'IDENTITY_MISMATCH',
  'ROLE_FORBIDDEN',
  'PARTY_SUSPENDED',
  'NOT_PERMITTED',
  // input
  'INVALID_ARGUMENT',
  'INVALID_CODE',
  'EVENT_TIME_OUT_OF_RANGE',
  'UNKNOWN_TRANSACTION',
  // existence
  'PARTY_NOT_FOUND',
  'PRODUCT_NOT_FOUND',
  'BATCH_NOT_FOUND',
  'PACK_NOT_FOUND',
  'CONTAINER_NOT_FOUND',
  'SHIPMENT_NOT_FOUND',
  'EVENT_NOT_FOUND',
  'ALERT_NOT_FOUND',
  // conflicts with what is recorded
  'ALREADY_BOOTSTRAPPED',
  'PARTY_EXISTS',
  'PRODUCT_EXISTS',
  'PREFIX_TAKEN',
  'CONTAINER_EXISTS',
  'SERIAL_IN_OTHER_BATCH',
  'EXPIRY_MISMATCH',
  'DUPLICATE_ITEM',
  'EVENT_ALREADY_CAPTURED',
  'EVENT_ID_REUSED',
  'ERROR_ALREADY_DECLARED',
  'ERROR_DECLARATION_CONFLICT',
  // rules of the ledger
  'NOT_COMPANY_PREFIX_OWNER',
  'NOT_PRODUCT_OWNER',
  'NOT_IN_CUSTODY',
  'IN_TRANSIT',
  'IN_CONTAINER',
  'ITEM_NOT_ACTIVE',
  'ITEM_QUARANTINED',
  'BATCH_RECALLED',
  'BATCH_EXPIRED',
  'PARTY_NOT_AUTHORISED',
  'INVALID_DESTINATION',
  'INVALID_AGGREGATION',
  'SHIPMENT_CLOSED',
  'SHIPMENT_CANCELLED',
  'ALREADY_RECEIVED',
  'NOT_IN_SHIPMENT',
  'NOT_RECIPIENT',
  'UNDO_NOT_ALLOWED',
  'ALERT_RESOLVED',
  'ALREADY_RECALLED',
  'LIMIT_EXCEEDED',
  'TOO_MANY_OPEN_FLAGS',
  // alert cases (issue 25)
  'CASE_STEP_OUT_OF_ORDER',
  'CASE_STEP_NOT_PERMITTED',
  'ROOT_CAUSE_REQUIRED',
  'ROOT_CAUSE_NOT_PERMITTED',
  'NOTICE_NOT_FOUND',
  'NOTICE_TERMINATED',
  'VERIFICATION_REQUEST_NOT_FOUND',
  'VERIFICATION_REQUEST_COMPLETE',
  'PACK_NOT_REQUESTED',
  // trace requests (issue 25)
  'TRACE_REQUEST_NOT_FOUND',
  'TRACE_REQUEST_ANSWERED',
  'TRACE_REQUEST_OPEN',
  // product links (issue 26)
  'INVALID_LINK',
] as const;

/** A stable chaincode error code. */
export type LedgerErrorCode = (typeof LEDGER_ERROR_CODES)[number];

/**
 * The codes that refuse the caller rather than what was asked: who they are, what their role
 * may do, whether their party may act. Every other code is a business outcome.
 */
export const CALLER_ERROR_CODES: readonly LedgerErrorCode[] = [
  'IDENTITY_INCOMPLETE',
  'PARTY_NOT_REGISTERED',
  'IDENTITY_MISMATCH',
  'ROLE_FORBIDDEN',
  'PARTY_SUSPENDED',
  'UNKNOWN_TRANSACTION',
];

/** What travels in the peer's error message: JSON, so clients never parse prose. */
export interface LedgerErrorBody {
  readonly code: LedgerErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * A refusal. Its `message` is the JSON of {@link LedgerErrorBody}, because Fabric hands clients
 * nothing but the message string; {@link parseLedgerError} reads it back.
 */
export class ChaincodeRefusal extends Error {
  override readonly name = 'ChaincodeRefusal';
  readonly body: LedgerErrorBody;

  constructor(code: LedgerErrorCode, message: string, details?: Record<string, unknown>) {
    const body: LedgerErrorBody =
      details === undefined ? { code, message } : { code, message, details };
    super(JSON.stringify(body));
    this.body = body;
  }

  get code(): LedgerErrorCode {
    return this.body.code;
  }
}

const KNOWN = new Set<string>(LEDGER_ERROR_CODES);

/**
 * Finds a chaincode error body in a message from a peer or gateway (which may wrap it in its own
 * text, e.g. "chaincode response 500, {…}"). Returns undefined when the text holds none.
 */
export function parseLedgerError(text: string): LedgerErrorBody | undefined {
  const start = text.indexOf('{"code":');
  if (start === -1) {
    return undefined;
  }
  for (let end = text.lastIndexOf('}'); end > start; end = text.lastIndexOf('}', end - 1)) {
    try {
      const parsed = JSON.parse(text.slice(start, end + 1)) as Partial<LedgerErrorBody>;
      if (
        typeof parsed.code === 'string' &&
        KNOWN.has(parsed.code) &&
        typeof parsed.message === 'string'
      ) {
        return parsed as LedgerErrorBody;
      }
      return undefined;
    } catch {
      // a brace inside the wrapper text; try the previous closing brace
    }
  }
  return undefined;
}
