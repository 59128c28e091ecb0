import { Gs1Error } from './gs1-error';

/**
 * GS1 AI encodable character set 82: the only characters a serial or lot may contain.
 * Everything else (space, #, $, @, [, \, ], ^, `, {, |, }, ~, control characters, non-ASCII)
 * is refused.
 */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/;

/** The 82 characters themselves, in code-point order; used to generate random serials. */
export const CSET82_CHARACTERS =
  '!"%&\'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

function describe(value: string): string {
  for (const char of value) {
    if (!CSET82.test(char)) {
      const code = char.codePointAt(0) ?? 0;
      const shown = code < 0x20 || code === 0x7f ? `U+${code.toString(16).padStart(4, '0')}` : char;
      return `character '${shown}' is not in the GS1 82-character set`;
    }
  }
  return 'invalid characters';
}

function validateCset82(
  value: string,
  maxLength: number,
  code: 'INVALID_SERIAL' | 'INVALID_LOT',
  label: string,
  field: string,
): string {
  if (value.length === 0) {
    throw new Gs1Error(code, `${label} must not be empty`, field);
  }
  if (value.length > maxLength) {
    throw new Gs1Error(
      code,
      `${label} must be at most ${maxLength} characters, got ${value.length}`,
      field,
    );
  }
  if (!CSET82.test(value)) {
    throw new Gs1Error(code, `${label}: ${describe(value)}`, field);
  }
  return value;
}

/** Validates a serial number (AI 21): 1 to 20 characters of the 82-character set. */
export function validateSerial(value: string): string {
  return validateCset82(value, 20, 'INVALID_SERIAL', 'serial', 'serial');
}

/** Validates a batch or lot number (AI 10): 1 to 20 characters of the 82-character set. */
export function validateLot(value: string): string {
  return validateCset82(value, 20, 'INVALID_LOT', 'lot', 'lot');
}
