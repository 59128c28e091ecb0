import { applicationIdentifier } from './application-identifiers';
import type { Gs1Code } from './gs1-code';
import { Gs1Error } from './gs1-error';
import { normaliseGtin } from './gtin';

/** Key qualifiers allowed in the path after each primary key, in their fixed order. */
const PATH_QUALIFIERS: Readonly<Record<string, readonly string[]>> = {
  '01': ['22', '10', '21'],
  '00': [],
};

function decode(segment: string, ai: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new Gs1Error('MALFORMED_CODE', `(${ai}) has an invalid percent-encoding in the link`);
  }
}

/**
 * Parses a GS1 Digital Link URI such as
 * `https://any.host/01/09506000134352/10/LOT/21/SN?17=271231`. The host, and any path before
 * the primary key, are not part of the identity and are ignored.
 */
export function parseDigitalLink(input: string): Gs1Code {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new Gs1Error('MALFORMED_CODE', 'not a valid URI');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Gs1Error('MALFORMED_CODE', 'a GS1 Digital Link must be an http or https URI');
  }
  const segments = url.pathname.split('/').filter((segment) => segment.length > 0);
  const keyIndex = segments.findIndex((segment) => PATH_QUALIFIERS[segment] !== undefined);
  if (keyIndex === -1) {
    throw new Gs1Error('MISSING_GTIN', 'the link has no /01/ (GTIN) or /00/ (SSCC) in its path');
  }
  const pathPairs = segments.slice(keyIndex);
  if (pathPairs.length % 2 !== 0) {
    throw new Gs1Error('MALFORMED_CODE', 'the link path must alternate identifiers and values');
  }
  const primary = pathPairs[0] ?? '';
  const allowed = PATH_QUALIFIERS[primary] ?? [];
  const elements: Record<string, string> = {};
  let lastQualifierIndex = -1;
  for (let i = 0; i < pathPairs.length; i += 2) {
    const ai = pathPairs[i] ?? '';
    const value = decode(pathPairs[i + 1] ?? '', ai);
    if (i === 0) {
      elements[ai] = ai === '01' ? normaliseGtin(value) : value;
    } else {
      const qualifierIndex = allowed.indexOf(ai);
      if (qualifierIndex === -1) {
        throw new Gs1Error('MALFORMED_CODE', `(${ai}) may not follow (${primary}) in a link path`);
      }
      if (qualifierIndex <= lastQualifierIndex) {
        throw new Gs1Error(
          'MALFORMED_CODE',
          `link path qualifiers must come in the order ${allowed.map((q) => `/${q}`).join(', ')}`,
        );
      }
      lastQualifierIndex = qualifierIndex;
      elements[ai] = value;
    }
  }
  for (const [key, rawValue] of url.searchParams) {
    if (!/^[0-9]{2,4}$/.test(key)) {
      continue; // non-AI query parameters (linkType, context, …) do not identify the item
    }
    if (key in PATH_QUALIFIERS || Object.values(PATH_QUALIFIERS).some((q) => q.includes(key))) {
      throw new Gs1Error(
        'MALFORMED_CODE',
        `(${key}) belongs in the link path, not the query string`,
      );
    }
    if (elements[key] !== undefined) {
      throw new Gs1Error('DUPLICATE_AI', `application identifier (${key}) appears twice`);
    }
    elements[key] = rawValue;
  }
  for (const [ai, value] of Object.entries(elements)) {
    const entry = applicationIdentifier(ai);
    if (entry === undefined) {
      throw new Gs1Error('UNSUPPORTED_AI', `unsupported application identifier (${ai})`);
    }
    if (entry.fixedLength !== undefined && value.length !== entry.fixedLength) {
      throw new Gs1Error(
        'MALFORMED_CODE',
        `(${ai}) ${entry.field} must be ${entry.fixedLength} characters, got ${value.length}`,
        entry.field,
      );
    }
    entry.validate(value);
  }
  return { form: 'digital-link', elements };
}

/** Builds a GS1 Digital Link URI for a pack on the given resolver (no trailing slash). */
export function formatDigitalLink(
  base: string,
  code: { gtin: string; lot?: string; serial?: string; expiry?: string },
): string {
  let uri = `${base.replace(/\/+$/, '')}/01/${code.gtin}`;
  if (code.lot !== undefined) {
    uri += `/10/${encodeURIComponent(code.lot)}`;
  }
  if (code.serial !== undefined) {
    uri += `/21/${encodeURIComponent(code.serial)}`;
  }
  if (code.expiry !== undefined) {
    uri += `?17=${code.expiry}`;
  }
  return uri;
}
