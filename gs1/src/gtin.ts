import { describeKeyFault } from './check-digit';
import { Gs1Error } from './gs1-error';

/**
 * Validates a GTIN and returns it as GTIN-14. Shorter GTINs (8, 12, 13 digits), as GS1 Digital
 * Link allows, are left-padded with zeros.
 */
export function normaliseGtin(value: string): string {
  if (!/^[0-9]+$/.test(value)) {
    throw new Gs1Error('INVALID_GTIN', 'GTIN must contain digits only', 'gtin');
  }
  if (![8, 12, 13, 14].includes(value.length)) {
    throw new Gs1Error(
      'INVALID_GTIN',
      `GTIN must be 8, 12, 13 or 14 digits, got ${value.length}`,
      'gtin',
    );
  }
  const gtin = value.padStart(14, '0');
  const fault = describeKeyFault(gtin, 14, 'GTIN');
  if (fault !== null) {
    throw new Gs1Error('INVALID_GTIN', `${fault} (${value})`, 'gtin');
  }
  return gtin;
}

/** Validates a GTIN-14 exactly as stored on the ledger (no padding). */
export function validateGtin14(value: string): string {
  const fault = describeKeyFault(value, 14, 'GTIN');
  if (fault !== null) {
    throw new Gs1Error('INVALID_GTIN', fault, 'gtin');
  }
  return value;
}

/** Validates a GS1 company prefix: 4 to 12 digits. */
export function validateCompanyPrefix(value: string): string {
  if (!/^[0-9]{4,12}$/.test(value)) {
    throw new Gs1Error(
      'INVALID_COMPANY_PREFIX',
      'GS1 company prefix must be 4 to 12 digits',
      'companyPrefix',
    );
  }
  return value;
}

/**
 * Whether a GTIN-14 was allocated under a company prefix: the prefix starts after the
 * indicator digit (GTIN-14 = indicator + GTIN-13).
 */
export function gtinHasCompanyPrefix(gtin14: string, companyPrefix: string): boolean {
  return gtin14.slice(1).startsWith(companyPrefix);
}
