import { validateLot, validateSerial } from './character-set';
import { validateExpiry } from './expiry';
import { Gs1Error } from './gs1-error';
import { validateGtin14 } from './gtin';
import { validateSscc } from './sscc';

/** Validates the value of one application identifier, throwing a Gs1Error naming the field. */
export function validateAiValue(ai: string, value: string): void {
  switch (ai) {
    case '00':
      validateSscc(value);
      return;
    case '01':
      validateGtin14(value);
      return;
    case '10':
      validateLot(value);
      return;
    case '21':
      validateSerial(value);
      return;
    case '11':
    case '17':
      try {
        validateExpiry(value);
      } catch (error) {
        if (ai === '11' && error instanceof Gs1Error) {
          throw new Gs1Error(
            'MALFORMED_CODE',
            `production date (11): ${error.message}`,
            'productionDate',
          );
        }
        throw error;
      }
      return;
    default:
      if (!/^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/.test(value)) {
        throw new Gs1Error(
          'INVALID_NHRN',
          `national reimbursement number (${ai}) must be 1 to 20 characters of the GS1 82-character set`,
          'nhrn',
        );
      }
  }
}
