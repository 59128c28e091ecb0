import { Gs1Error } from './gs1-error';

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Resolves a GS1 date (AI 17, YYMMDD) to an ISO calendar date. A day of 00 means the last day
 * of the month. Years are read as 20YY: GS1's sliding century window needs today's date, which
 * deterministic chaincode must not read, and no medicine in circulation expires before 2000.
 */
export function expiryToIsoDate(value: string): string {
  if (!/^[0-9]{6}$/.test(value)) {
    throw new Gs1Error('INVALID_EXPIRY', 'expiry must be 6 digits, YYMMDD', 'expiry');
  }
  const year = 2000 + Number(value.slice(0, 2));
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  if (month < 1 || month > 12) {
    throw new Gs1Error(
      'INVALID_EXPIRY',
      `expiry month ${value.slice(2, 4)} is not 01-12`,
      'expiry',
    );
  }
  const lastDay = daysInMonth(year, month);
  if (day > lastDay) {
    throw new Gs1Error(
      'INVALID_EXPIRY',
      `expiry day ${value.slice(4, 6)} does not exist in ${year}-${value.slice(2, 4)}`,
      'expiry',
    );
  }
  const resolvedDay = day === 0 ? lastDay : day;
  return `${year}-${value.slice(2, 4)}-${String(resolvedDay).padStart(2, '0')}`;
}

/** Validates a YYMMDD expiry and returns it unchanged. */
export function validateExpiry(value: string): string {
  expiryToIsoDate(value);
  return value;
}

/** The GS1 date (YYMMDD) of a calendar day in UTC, e.g. for printing a batch's expiry. */
export function expiryOfDate(date: Date): string {
  const year = date.getUTCFullYear();
  if (year < 2000 || year > 2099) {
    throw new Gs1Error('INVALID_EXPIRY', `expiry year ${year} is outside 2000-2099`, 'expiry');
  }
  return date.toISOString().slice(2, 10).replaceAll('-', '');
}
