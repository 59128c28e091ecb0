/**
 * A GS1 Lightweight Verification Messaging requestor, written from the standard's text only
 * (GS1 Lightweight Messaging Standard for Verification of Product Identifiers, and GS1 US's
 * DSCSA implementation guideline release 1.3 as quoted in docs/api.md's sources), never from the
 * platform's code: it imports nothing of the platform. It builds requests as a Verification
 * Router Service requestor would and checks every answer against what the standard says a
 * response must be.
 */

/** The `verificationFailureReason` values of the standard. */
export const FAILURE_REASONS = [
  'No_match_GTIN_Serial',
  'No_match_GTIN_Serial_Lot',
  'No_match_GTIN_Serial_Expiry',
  'No_match_GTIN_Serial_Lot_Expiry',
  'Not_for_re-distribution',
  'No_reason_provided',
  'Manufacturer_policy',
] as const;

/** The `additionalInfo` values of the standard. */
export const ADDITIONAL_INFO = [
  'Expired',
  'ExpirationExtended',
  'Recalled',
  'Suspect',
  'Illegitimate',
] as const;

/** What a requestor knows from the pack's DataMatrix, and who it is. */
export interface ProductIdentifier {
  readonly gtin: string;
  readonly lot: string;
  readonly serial: string;
  /** AI 17, YYMMDD. */
  readonly expiry: string;
}

export interface RequestorSettings {
  /** The responder's base URL, as a lookup directory would give it. */
  readonly responderBase: string;
  /** The requestor's GLN (`reqGLN`). */
  readonly reqGLN: string;
  /** Headers the responder's authentication needs. */
  readonly headers: Record<string, string>;
}

/**
 * `digital-link`: `/01/{gtin}/10/{lot}/21/{serial}?17={expiry}`, GS1 Digital Link's numeric
 * form; `short-names`: `/gtin/{gtin}/lot/{lot}/ser/{serial}?exp={expiry}`, the GS1 Web URI
 * 1.0 form the verification messaging examples use.
 */
export type UriForm = 'digital-link' | 'short-names';

/** The verification request URI: the pack's web URI with the request's query parameters. */
export function verificationRequestUri(
  settings: Pick<RequestorSettings, 'responderBase' | 'reqGLN'>,
  pack: ProductIdentifier,
  request: { context: string; corrUUID: string; form: UriForm },
): string {
  const enc = encodeURIComponent;
  const path =
    request.form === 'digital-link'
      ? `/01/${enc(pack.gtin)}/10/${enc(pack.lot)}/21/${enc(pack.serial)}`
      : `/gtin/${enc(pack.gtin)}/lot/${enc(pack.lot)}/ser/${enc(pack.serial)}`;
  const query = new URLSearchParams({
    [request.form === 'digital-link' ? '17' : 'exp']: pack.expiry,
    linkType: 'verificationService',
    context: request.context,
    reqGLN: settings.reqGLN,
    corrUUID: request.corrUUID,
  });
  return `${settings.responderBase}${path}?${query.toString()}`;
}

/** A response as the standard defines it. */
export interface VerificationResponse {
  readonly verificationTimestamp: string;
  readonly responderGLN: string;
  readonly corrUUID: string;
  readonly data: {
    readonly verified: boolean;
    readonly verificationFailureReason?: (typeof FAILURE_REASONS)[number];
    readonly additionalInfo?: (typeof ADDITIONAL_INFO)[number];
  };
}

/** What the requestor made of one exchange. */
export interface Exchange {
  readonly status: number;
  /** The response message, on HTTP 200 only. */
  readonly response?: VerificationResponse;
  /** Every way the answer departs from the standard; empty when it conforms. */
  readonly problems: readonly string[];
}

const GLN = /^\d{13}$/;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a 200 answer's body against the standard's response message. */
export function conformanceProblems(body: unknown, sentCorrUUID: string): string[] {
  const problems: string[] = [];
  if (!isRecord(body)) {
    return ['the response is not a JSON object'];
  }
  const known = new Set(['verificationTimestamp', 'responderGLN', 'corrUUID', 'data']);
  for (const key of Object.keys(body)) {
    if (!known.has(key)) problems.push(`unexpected member ${key}`);
  }
  if (typeof body['verificationTimestamp'] !== 'string') {
    problems.push('verificationTimestamp is missing');
  } else if (
    !ISO_DATE_TIME.test(body['verificationTimestamp']) ||
    Number.isNaN(Date.parse(body['verificationTimestamp']))
  ) {
    problems.push('verificationTimestamp is not an ISO 8601 date and time');
  }
  if (typeof body['responderGLN'] !== 'string' || !GLN.test(body['responderGLN'])) {
    problems.push('responderGLN is not a 13-digit GLN');
  }
  if (body['corrUUID'] !== sentCorrUUID) {
    problems.push('corrUUID does not echo the request’s');
  }
  const data = body['data'];
  if (!isRecord(data)) {
    problems.push('data is missing');
    return problems;
  }
  for (const key of Object.keys(data)) {
    if (!['verified', 'verificationFailureReason', 'additionalInfo'].includes(key)) {
      problems.push(`unexpected member data.${key}`);
    }
  }
  if (typeof data['verified'] !== 'boolean') {
    problems.push('data.verified is not a boolean');
  }
  const reason = data['verificationFailureReason'];
  if (reason !== undefined && !(FAILURE_REASONS as readonly unknown[]).includes(reason)) {
    problems.push(
      `data.verificationFailureReason ${JSON.stringify(reason)} is not one of the standard's`,
    );
  }
  if (data['verified'] === true && reason !== undefined) {
    problems.push('a verified identifier carries a failure reason');
  }
  const info = data['additionalInfo'];
  if (info !== undefined && !(ADDITIONAL_INFO as readonly unknown[]).includes(info)) {
    problems.push(`data.additionalInfo ${JSON.stringify(info)} is not one of the standard's`);
  }
  return problems;
}

/** Sends a verification request and judges the answer. */
export async function requestVerification(
  settings: RequestorSettings,
  pack: ProductIdentifier,
  request: { context: string; corrUUID: string; form: UriForm },
): Promise<Exchange> {
  return exchange(verificationRequestUri(settings, pack, request), settings, request.corrUUID);
}

/** Sends any URI (a malformed one, say) as a verification request and judges the answer. */
export async function exchange(
  uri: string,
  settings: Pick<RequestorSettings, 'headers'>,
  corrUUID: string,
): Promise<Exchange> {
  const answer = await fetch(uri, { headers: { Accept: 'application/json', ...settings.headers } });
  const text = await answer.text();
  if (answer.status !== 200) {
    // Only a 200 answer carries the response message; other statuses are read as statuses.
    return { status: answer.status, problems: [] };
  }
  const problems: string[] = [];
  if (!(answer.headers.get('content-type') ?? '').startsWith('application/json')) {
    problems.push('the response is not application/json');
  }
  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return { status: 200, problems: [...problems, 'the response is not JSON'] };
  }
  problems.push(...conformanceProblems(body, corrUUID));
  return {
    status: 200,
    ...(problems.length === 0 ? { response: body as VerificationResponse } : {}),
    problems,
  };
}

/** The checkConnectivity call: does the responder answer this requestor for this GTIN? */
export async function checkConnectivity(
  settings: RequestorSettings,
  gtin: string,
  context: string,
): Promise<{ status: number; responderGLN?: string }> {
  const query = new URLSearchParams({ gtin, reqGLN: settings.reqGLN, context });
  const answer = await fetch(`${settings.responderBase}/checkConnectivity?${query.toString()}`, {
    headers: { Accept: 'application/json', ...settings.headers },
  });
  if (answer.status !== 200) {
    return { status: answer.status };
  }
  const body = (await answer.json()) as { responderGLN?: unknown };
  return {
    status: 200,
    ...(typeof body.responderGLN === 'string' ? { responderGLN: body.responderGLN } : {}),
  };
}
