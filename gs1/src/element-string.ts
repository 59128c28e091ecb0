import { matchApplicationIdentifier } from './application-identifiers';
import type { Gs1Code, Symbology } from './gs1-code';
import { Gs1Error } from './gs1-error';

/** ASCII 29, the group separator decoders hand over for FNC1. */
export const GS = '\u001d';

const SYMBOLOGY_IDENTIFIERS: Readonly<Record<string, Symbology>> = {
  ']d2': 'datamatrix',
  ']Q3': 'qr',
  ']C1': 'gs1-128',
  ']e0': 'databar',
};

/**
 * Parses a GS1 element string as a barcode decoder hands it over: an optional symbology
 * identifier (`]d2`, `]Q3`, …), an optional leading FNC1 as GS, then AI/value pairs with each
 * variable-length value ended by GS unless it is the last.
 */
export function parseElementString(input: string): Gs1Code {
  let text = input;
  let symbology: Symbology | undefined;
  if (text.startsWith(']')) {
    symbology = SYMBOLOGY_IDENTIFIERS[text.slice(0, 3)];
    if (symbology === undefined) {
      throw new Gs1Error(
        'MALFORMED_CODE',
        `symbology identifier '${text.slice(0, 3)}' is not a GS1 symbology (expected ]d2, ]Q3, ]C1 or ]e0)`,
      );
    }
    text = text.slice(3);
  }
  while (text.startsWith(GS)) {
    text = text.slice(1);
  }
  if (text.length === 0) {
    throw new Gs1Error('EMPTY_CODE', 'the code holds no data after its symbology identifier');
  }

  const elements: Record<string, string> = {};
  let position = 0;
  while (position < text.length) {
    const entry = matchApplicationIdentifier(text.slice(position));
    if (entry === undefined) {
      const shown = text.slice(position, position + 4).replace(/[^ -~]/g, '?');
      throw new Gs1Error(
        'UNSUPPORTED_AI',
        `unsupported or unreadable application identifier at position ${position + 1} ('${shown}…')`,
      );
    }
    if (elements[entry.ai] !== undefined) {
      throw new Gs1Error(
        'DUPLICATE_AI',
        `application identifier (${entry.ai}) appears twice`,
        entry.field,
      );
    }
    position += entry.ai.length;
    let value: string;
    if (entry.fixedLength !== undefined) {
      value = text.slice(position, position + entry.fixedLength);
      if (value.length < entry.fixedLength || value.includes(GS)) {
        throw new Gs1Error(
          'MALFORMED_CODE',
          `(${entry.ai}) ${entry.field} must be ${entry.fixedLength} characters`,
          entry.field,
        );
      }
      position += entry.fixedLength;
      // Some encoders end fixed-length fields with FNC1 too; it is harmless, so accept it.
      if (text[position] === GS) {
        position += 1;
      }
    } else {
      const end = text.indexOf(GS, position);
      value = end === -1 ? text.slice(position) : text.slice(position, end);
      position = end === -1 ? text.length : end + 1;
    }
    entry.validate(value);
    elements[entry.ai] = value;
  }
  return symbology === undefined
    ? { form: 'element-string', elements }
    : { form: 'element-string', symbology, elements };
}

/**
 * Encodes AI/value pairs as an element string in the order given, ending every
 * variable-length value except the last with GS.
 */
export function formatElementString(
  pairs: ReadonlyArray<readonly [string, string]>,
  options: { symbologyIdentifier?: string } = {},
): string {
  let out = options.symbologyIdentifier ?? '';
  pairs.forEach(([ai, value], index) => {
    const entry = matchApplicationIdentifier(ai);
    out += ai + value;
    if (entry?.fixedLength === undefined && index < pairs.length - 1) {
      out += GS;
    }
  });
  return out;
}
