import { applicationIdentifier } from './application-identifiers';
import type { Gs1Code } from './gs1-code';
import { Gs1Error } from './gs1-error';

/**
 * Parses the bracketed human-readable form, e.g. `(01)09506000134352(17)271231(10)LOT(21)SN`.
 * Serials may themselves contain brackets, so a value runs until the next `(NN)` that names a
 * supported AI.
 */
export function parseHumanReadable(input: string): Gs1Code {
  const text = input.trim();
  const tokens: Array<{ ai: string; start: number; valueStart: number }> = [];
  const pattern = /\((\d{2,4})\)/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const ai = match[1] ?? '';
    if (applicationIdentifier(ai) !== undefined || (tokens.length === 0 && match.index === 0)) {
      tokens.push({ ai, start: match.index, valueStart: match.index + match[0].length });
    }
  }
  if (tokens.length === 0 || tokens[0]?.start !== 0) {
    throw new Gs1Error('MALFORMED_CODE', 'human-readable code must start with an (AI) in brackets');
  }
  const elements: Record<string, string> = {};
  tokens.forEach((token, index) => {
    const entry = applicationIdentifier(token.ai);
    if (entry === undefined) {
      throw new Gs1Error('UNSUPPORTED_AI', `unsupported application identifier (${token.ai})`);
    }
    if (elements[entry.ai] !== undefined) {
      throw new Gs1Error(
        'DUPLICATE_AI',
        `application identifier (${entry.ai}) appears twice`,
        entry.field,
      );
    }
    const end = tokens[index + 1]?.start ?? text.length;
    const value = text.slice(token.valueStart, end);
    if (entry.fixedLength !== undefined && value.length !== entry.fixedLength) {
      throw new Gs1Error(
        'MALFORMED_CODE',
        `(${entry.ai}) ${entry.field} must be ${entry.fixedLength} characters, got ${value.length}`,
        entry.field,
      );
    }
    entry.validate(value);
    elements[entry.ai] = value;
  });
  return { form: 'hri', elements };
}

/** Formats AI/value pairs in the bracketed human-readable form. */
export function formatHumanReadable(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([ai, value]) => `(${ai})${value}`).join('');
}
