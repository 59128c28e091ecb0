import { validateLot, validateSerial } from './character-set';
import { parseDigitalLink } from './digital-link';
import { formatElementString } from './element-string';
import { parseElementString } from './element-string';
import { expiryToIsoDate } from './expiry';
import type { ContainerCode, Gs1Code, ItemCode, NationalNumber, PackCode } from './gs1-code';
import { Gs1Error } from './gs1-error';
import { normaliseGtin } from './gtin';
import { formatHumanReadable, parseHumanReadable } from './human-readable';
import { validateSscc } from './sscc';

/** Longest input accepted; a GS1 DataMatrix holds far less, so longer text is not a code. */
export const MAX_CODE_LENGTH = 512;

/**
 * Reads any textual form of a GS1 code: element string (with or without symbology identifier
 * and leading FNC1), bracketed human-readable form, or GS1 Digital Link URI.
 */
export function parseGs1Code(input: string): Gs1Code {
  if (typeof input !== 'string' || input.trim().length === 0) {
    throw new Gs1Error('EMPTY_CODE', 'the code is empty');
  }
  if (input.length > MAX_CODE_LENGTH) {
    throw new Gs1Error(
      'CODE_TOO_LONG',
      `the code is ${input.length} characters; at most ${MAX_CODE_LENGTH} are accepted`,
    );
  }
  const trimmed = input.replace(/^[\r\n ]+|[\r\n ]+$/g, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) {
    return parseDigitalLink(trimmed);
  }
  if (trimmed.startsWith('(')) {
    return parseHumanReadable(trimmed);
  }
  return parseElementString(trimmed);
}

function nationalNumber(elements: Readonly<Record<string, string>>): NationalNumber | undefined {
  const ais = Object.keys(elements).filter((ai) => /^71[0-5]$/.test(ai));
  if (ais.length > 1) {
    throw new Gs1Error(
      'INVALID_NHRN',
      'a pack carries at most one national reimbursement number',
      'nhrn',
    );
  }
  const ai = ais[0];
  return ai === undefined ? undefined : { ai, value: elements[ai] ?? '' };
}

/** Turns decoded elements into a pack identity; refuses codes that do not name one pack. */
export function packCodeFromElements(elements: Readonly<Record<string, string>>): PackCode {
  if (elements['00'] !== undefined) {
    throw new Gs1Error('NOT_A_PACK_CODE', 'this is a case or pallet label (SSCC), not a pack code');
  }
  const gtin = elements['01'];
  if (gtin === undefined) {
    throw new Gs1Error('MISSING_GTIN', 'the code has no GTIN (01)', 'gtin');
  }
  const serial = elements['21'];
  if (serial === undefined) {
    throw new Gs1Error('MISSING_SERIAL', 'the code has no serial number (21)', 'serial');
  }
  const expiry = elements['17'];
  const lot = elements['10'];
  const nhrn = nationalNumber(elements);
  return {
    kind: 'pack',
    gtin: normaliseGtin(gtin),
    serial: validateSerial(serial),
    ...(lot === undefined ? {} : { lot: validateLot(lot) }),
    ...(expiry === undefined ? {} : { expiry, expiryDate: expiryToIsoDate(expiry) }),
    ...(nhrn === undefined ? {} : { nhrn }),
  };
}

/** Parses a scanned or typed pack code in any GS1 form. */
export function parsePackCode(input: string): PackCode {
  return packCodeFromElements(parseGs1Code(input).elements);
}

/** Parses a code that may name a pack or a case/pallet (SSCC), as at a receiving dock. */
export function parseItemCode(input: string): ItemCode {
  const { elements } = parseGs1Code(input);
  const sscc = elements['00'];
  if (sscc !== undefined) {
    const container: ContainerCode = { kind: 'container', sscc: validateSscc(sscc) };
    return container;
  }
  return packCodeFromElements(elements);
}

/** Plain fields as a person types them, one box each. */
export interface PackFields {
  gtin: string;
  serial: string;
  lot?: string;
  expiry?: string;
}

/** Validates plain fields and returns the same identity a scan would have produced. */
export function packCodeFromFields(fields: PackFields): PackCode {
  const elements: Record<string, string> = {
    '01': normaliseGtin(String(fields.gtin).trim()),
    '21': fields.serial,
  };
  if (fields.lot !== undefined) {
    elements['10'] = fields.lot;
  }
  if (fields.expiry !== undefined) {
    elements['17'] = fields.expiry;
  }
  return packCodeFromElements(elements);
}

function packPairs(code: PackCode): Array<[string, string]> {
  const pairs: Array<[string, string]> = [['01', code.gtin]];
  if (code.expiry !== undefined) pairs.push(['17', code.expiry]);
  if (code.lot !== undefined) pairs.push(['10', code.lot]);
  if (code.nhrn !== undefined) pairs.push([code.nhrn.ai, code.nhrn.value]);
  pairs.push(['21', code.serial]);
  return pairs;
}

/**
 * The element string a GS1 DataMatrix on this pack carries (fixed-length fields first, so
 * only the variable ones need separators).
 */
export function packElementString(code: PackCode, symbologyIdentifier?: string): string {
  return formatElementString(
    packPairs(code),
    symbologyIdentifier === undefined ? {} : { symbologyIdentifier },
  );
}

/** The bracketed human-readable text printed under the pack's DataMatrix. */
export function packHumanReadable(code: PackCode): string {
  return formatHumanReadable(packPairs(code));
}
