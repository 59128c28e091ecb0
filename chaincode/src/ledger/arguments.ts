import { Gs1Error } from '@packtrace/gs1';
import { ChaincodeRefusal } from './chaincode-refusal';

/** Largest JSON argument accepted unless the caller says otherwise. */
const MAX_JSON_ARGUMENT = 512 * 1024;

/**
 * Parses a JSON argument, refusing anything that is not valid JSON of a sane size (`maxBytes`,
 * by default 512 KiB; an argument with a count limit of its own passes the size that implies).
 */
export function parseJsonArgument(
  text: string,
  name: string,
  maxBytes = MAX_JSON_ARGUMENT,
): unknown {
  if (text.length > maxBytes) {
    throw new ChaincodeRefusal('LIMIT_EXCEEDED', `${name} is larger than ${maxBytes} bytes`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', `${name} must be valid JSON`);
  }
}

/**
 * Free text (names, notes, reasons): trimmed, 1 to `max` characters, no control characters.
 * Such text is stored in values, never in keys.
 */
export function requireText(value: string, name: string, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length === 0) {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', `${name} is required`);
  }
  return checkText(text, name, max);
}

/** Like {@link requireText} but an empty value is allowed. */
export function optionalText(value: string, name: string, max: number): string {
  const text = typeof value === 'string' ? value.trim() : '';
  return text.length === 0 ? '' : checkText(text, name, max);
}

function checkText(text: string, name: string, max: number): string {
  if (text.length > max) {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', `${name} must be at most ${max} characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u{10ffff}]/u.test(text)) {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', `${name} contains control characters`);
  }
  return text;
}

/** One of a fixed set of words. */
export function requireOneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  name: string,
): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', `${name} must be one of: ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A record id made from a transaction id: 64 lowercase hex digits. */
export function requireRecordId(value: string, name: string): string {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) {
    throw new ChaincodeRefusal(
      'INVALID_ARGUMENT',
      `${name} must be 64 lowercase hexadecimal digits`,
    );
  }
  return value;
}

/**
 * Runs a GS1 validation and turns its rejection into a ledger error that names the field and
 * keeps the GS1 code.
 */
export function gs1<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof Gs1Error) {
      throw new ChaincodeRefusal('INVALID_CODE', error.message, {
        gs1Code: error.code,
        ...(error.field === undefined ? {} : { field: error.field }),
      });
    }
    throw error;
  }
}
