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
  gln: gs1Field(validateGln, 'GLN-13 of a party', '9506000000028'),
  sscc: gs1Field(validateSscc, 'SSCC-18 of a case or pallet', '095060000000000114'),
  recordId: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hexadecimal digits')
    .meta({ description: 'a shipment or alert id (the id of the transaction that created it)' }),
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
