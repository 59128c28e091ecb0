import { validateAiValue } from './ai-value';

/** How one GS1 application identifier is encoded in an element string. */
export interface ApplicationIdentifier {
  readonly ai: string;
  /** Field name used in errors and in parsed output. */
  readonly field: string;
  /** Exact length for fixed-length AIs. */
  readonly fixedLength?: number;
  /** Maximum length for variable-length AIs (ended by FNC1/GS unless last). */
  readonly maxLength?: number;
  /** Validates the value; throws Gs1Error. */
  readonly validate: (value: string) => void;
}

/**
 * The application identifiers this platform reads. A code carrying any other AI is refused
 * with UNSUPPORTED_AI: with an unknown AI its length, and so the rest of the string, cannot be
 * read safely.
 */
const TABLE: readonly ApplicationIdentifier[] = [
  { ai: '00', field: 'sscc', fixedLength: 18, validate: (v) => validateAiValue('00', v) },
  { ai: '01', field: 'gtin', fixedLength: 14, validate: (v) => validateAiValue('01', v) },
  { ai: '10', field: 'lot', maxLength: 20, validate: (v) => validateAiValue('10', v) },
  { ai: '11', field: 'productionDate', fixedLength: 6, validate: (v) => validateAiValue('11', v) },
  { ai: '17', field: 'expiry', fixedLength: 6, validate: (v) => validateAiValue('17', v) },
  { ai: '21', field: 'serial', maxLength: 20, validate: (v) => validateAiValue('21', v) },
  ...['710', '711', '712', '713', '714', '715'].map((ai): ApplicationIdentifier => ({
    ai,
    field: 'nhrn',
    maxLength: 20,
    validate: (v) => validateAiValue(ai, v),
  })),
];

const BY_AI = new Map(TABLE.map((entry) => [entry.ai, entry]));

/** Looks up the AI that starts `text`, trying 2-, 3- and 4-digit AIs in turn. */
export function matchApplicationIdentifier(text: string): ApplicationIdentifier | undefined {
  for (const length of [2, 3, 4]) {
    const entry = BY_AI.get(text.slice(0, length));
    if (entry !== undefined) {
      return entry;
    }
  }
  return undefined;
}

/** The entry for an AI given on its own (Digital Link path or query, HRI parentheses). */
export function applicationIdentifier(ai: string): ApplicationIdentifier | undefined {
  return BY_AI.get(ai);
}
