import { describeKeyFault } from './check-digit';
import { Gs1Error } from './gs1-error';

/** Validates a GLN-13, the identifier of a party or location. */
export function validateGln(value: string): string {
  const fault = describeKeyFault(value, 13, 'GLN');
  if (fault !== null) {
    throw new Gs1Error('INVALID_GLN', fault, 'gln');
  }
  return value;
}
