import { describeKeyFault } from './check-digit';
import { Gs1Error } from './gs1-error';

/** Validates an SSCC-18, the identifier of a case or pallet. */
export function validateSscc(value: string): string {
  const fault = describeKeyFault(value, 18, 'SSCC');
  if (fault !== null) {
    throw new Gs1Error('INVALID_SSCC', fault, 'sscc');
  }
  return value;
}
