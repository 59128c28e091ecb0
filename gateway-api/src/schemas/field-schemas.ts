import {
  Gs1Error,
  normaliseGtin,
  parsePackCode,
  validateExpiry,
  validateGln,
  validateLot,
  validateSerial,
  validateSscc,
} from '@packtrace/gs1';
import { z } from 'zod';

function gs1Field(validate: (value: string) => string, description: string, example: string) {
  return z
    .string()
    .max(64)
    .transform((value, context) => {
      try {
        return validate(value);
      } catch (error) {
        context.addIssue({
          code: 'custom',
          message: error instanceof Gs1Error ? error.message : 'invalid value',
        });
        return z.NEVER;
      }
    })
    .meta({ description, example });
}

/** C0 controls and DEL, which no name, reason or note needs and a log or label could misread. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/**
 * Free text of at most `max` characters, trimmed, refused (never repaired) when it holds control
 * characters or is not well-formed Unicode: a lone surrogate would otherwise reach the ledger as
 * U+FFFD, recording something other than what was sent.
 */
function freeText(min: number, max: number) {
  return (
    z
      .string()
      .trim()
      .min(min)
      .max(max)
      // Read as code points (the `u` flag), a surrogate matches only when it has no partner.
      .refine((text) => !/\p{Surrogate}/u.test(text), {
        message: 'must be well-formed Unicode text (it holds a lone surrogate)',
      })
      .refine((text) => !CONTROL_CHARACTERS.test(text), {
        message: 'must not contain control characters',
      })
  );
}

/*
 * What a password may hold, as character classes written so that the zod checks and the
 * OpenAPI pattern are one text: BMP `\uXXXX` escapes and ranges only, which mean the same to
 * ECMA-262 with or without the `u` flag and to the other regex dialects JSON Schema validators
 * use (no `\p{…}`, which Python's and Go's validators do not read).
 */
/**
 * Unicode's controls (Cc, fixed for good by Unicode's stability policy) and the line and
 * paragraph separators: they end a log line, ring a bell, steer a terminal or cut a C string.
 */
const PASSWORD_CONTROLS = '\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029';
/**
 * Format characters (Cf) that are invisible or reorder what is shown: soft hyphen, Arabic
 * letter mark, Mongolian vowel separator, zero-width space, the bidirectional marks, embeddings,
 * overrides and isolates, word joiner and invisible operators, the deprecated format
 * characters, the byte-order mark and the interlinear annotation marks. A person cannot see
 * them to type them back, a copy from a document brings them in unnoticed, and a direction
 * override makes a displayed password read as another. ZWNJ and ZWJ (U+200C, U+200D) stay
 * allowed: Persian and Indic typing and emoji sequences need them.
 */
const PASSWORD_FORMAT_CHARACTERS =
  '\\u00AD\\u061C\\u180E\\u200B\\u200E\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u206F\\uFEFF\\uFFF9-\\uFFFB';
/** UTF-16 surrogates: allowed only in pairs, which is what well-formed text means. */
const SURROGATES = '\\uD800-\\uDFFF';
/** Spaces (White_Space less the controls above) and the characters that show as nothing. */
const PASSWORD_BLANKS =
  ' \\u00A0\\u1680\\u2000-\\u200A\\u202F\\u205F\\u3000\\u200C\\u200D\\u034F\\u115F\\u1160\\u3164\\uFFA0\\u2800\\uFE00-\\uFE0F';

/**
 * The password rule as one JSON Schema pattern: some character is not blank (the lookahead),
 * and every character is neither a control, a refused format character nor a lone surrogate.
 */
export const PASSWORD_PATTERN =
  `^(?=.*[^${PASSWORD_BLANKS}])` +
  `(?:[^${PASSWORD_CONTROLS}${PASSWORD_FORMAT_CHARACTERS}${SURROGATES}]|[\\uD800-\\uDBFF][\\uDC00-\\uDFFF])*$`;

const PASSWORD_CONTROL = new RegExp(`[${PASSWORD_CONTROLS}]`, 'g');
const PASSWORD_FORMAT = new RegExp(`[${PASSWORD_FORMAT_CHARACTERS}]`, 'g');
// The class lists code points one by one, joiners and combining marks among them, on purpose.
// eslint-disable-next-line no-misleading-character-class
const PASSWORD_VISIBLE = new RegExp(`[^${PASSWORD_BLANKS}]`);
const PASSWORD_MIN = 8;
const PASSWORD_MAX = 256;

/** The code points of `found`, at most three, as `U+0007, U+0000`: what to look for, not where. */
function codePoints(found: readonly string[]): string {
  return [...new Set(found)]
    .slice(0, 3)
    .map((char) => `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`)
    .join(', ');
}

/**
 * A password being set (a new user's, a reset, the demo users'). Each broken rule is an issue
 * with a stable `code`; its sentence never repeats the password. Sign-in does not apply the rule:
 * it only compares, and a password set before the rule existed must still sign in.
 */
function passwordField() {
  return z
    .string()
    .superRefine((password, context) => {
      const refuse = (code: string, message: string) =>
        context.addIssue({ code: 'custom', message, params: { code } });
      const length = [...password].length;
      if (length < PASSWORD_MIN || length > PASSWORD_MAX) {
        refuse(
          'PASSWORD_LENGTH',
          `must be ${PASSWORD_MIN}-${PASSWORD_MAX} characters (it has ${length})`,
        );
        // Already refused; reading a text longer than any password further adds nothing.
        if (length > PASSWORD_MAX) return;
      }
      // Read as code points (the `u` flag), a surrogate matches only when it has no partner.
      if (/\p{Surrogate}/u.test(password)) {
        refuse(
          'PASSWORD_NOT_WELL_FORMED',
          'must be well-formed Unicode text (it holds a lone surrogate, which would be stored as U+FFFD)',
        );
      }
      const controls = password.match(PASSWORD_CONTROL);
      if (controls !== null) {
        refuse(
          'PASSWORD_CONTROL_CHARACTER',
          `must not contain control characters, tabs or line breaks (it holds ${codePoints(controls)})`,
        );
      }
      const formats = password.match(PASSWORD_FORMAT);
      if (formats !== null) {
        refuse(
          'PASSWORD_FORMAT_CHARACTER',
          `must not contain invisible formatting characters such as zero-width spaces or direction overrides (it holds ${codePoints(formats)})`,
        );
      }
      if (!PASSWORD_VISIBLE.test(password)) {
        refuse('PASSWORD_BLANK', 'must contain a visible character, not only spaces');
      }
    })
    .meta({
      description: `${PASSWORD_MIN}-${PASSWORD_MAX} characters, at least one of them visible; spaces and any script are welcome, control characters, line breaks, invisible formatting characters and lone surrogates are not`,
      minLength: PASSWORD_MIN,
      maxLength: PASSWORD_MAX,
      pattern: PASSWORD_PATTERN,
      example: 'night shift 22',
    });
}

/** Field schemas shared by the routes; GS1 checks come from @packtrace/gs1. */
export const Fields = {
  gtin: gs1Field(
    normaliseGtin,
    'GTIN (8, 12, 13 or 14 digits, with a valid check digit); returned as GTIN-14',
    '09506000134352',
  ),
  serial: gs1Field(
    validateSerial,
    'serial number: 1-20 characters of the GS1 82-character set',
    'SN00012345',
  ),
  lot: gs1Field(validateLot, 'batch/lot: 1-20 characters of the GS1 82-character set', 'LOT-42A'),
  expiry: gs1Field(validateExpiry, 'expiry as YYMMDD (day 00 = last day of the month)', '271231'),
  // Acme Pharma's GLN in the demo consortium, so "try it out" names a party that exists.
  gln: gs1Field(validateGln, 'GLN-13 of a party', '9506000000022'),
  sscc: gs1Field(validateSscc, 'SSCC-18 of a case or pallet', '095060000000000114'),
  recordId: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hexadecimal digits')
    .meta({
      description: 'a shipment or alert id (the id of the transaction that created it)',
      example: '3f0c5e2a9b7d4c1e8a6f2d0b9c7e5a3f1d8b6c4a2e0f9d7b5c3a1e8f6d4b2c0a',
    }),
  /** Required free text: a name, a reason. */
  text: (max: number) => freeText(1, max),
  /** Optional free text (a note), empty when absent. */
  note: (max: number) => freeText(0, max).default(''),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'items per page, 1-200 (default 50)' }),
  bookmark: z
    .string()
    .max(1024)
    .optional()
    .meta({ description: 'the bookmark of the previous page' }),
  /** A password being set; see {@link PASSWORD_PATTERN} for what it may hold. */
  password: passwordField(),
};

/** A pack or container reference in a request body. */
export const ItemSchema = z.union([
  z.strictObject({ type: z.literal('pack'), gtin: Fields.gtin, serial: Fields.serial }),
  z.strictObject({ type: z.literal('container'), sscc: Fields.sscc }),
]);

/** Query of a paginated listing. */
export const PageQuery = z.strictObject({ pageSize: Fields.pageSize, bookmark: Fields.bookmark });

/** A pack code in any GS1 form (DataMatrix element string, HRI, Digital Link), parsed at the edge. */
export const PackCodeSchema = z
  .string()
  .min(1)
  .max(512)
  .transform((value, context) => {
    try {
      return parsePackCode(value);
    } catch (error) {
      context.addIssue({
        code: 'custom',
        message: error instanceof Gs1Error ? error.message : 'not a GS1 pack code',
        params: error instanceof Gs1Error ? { gs1Code: error.code, field: error.field } : {},
      });
      return z.NEVER;
    }
  })
  .meta({
    description: 'a pack code: GS1 element string, bracketed HRI or GS1 Digital Link URI',
    example: '(01)09506000134352(17)271231(10)LOT-42A(21)SN00012345',
  });
