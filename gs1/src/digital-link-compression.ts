import { applicationIdentifier } from './application-identifiers';
import { Gs1Error } from './gs1-error';

/*
 * Compressed GS1 Digital Link URIs (GS1 Digital Link standard, "Compression"): the path after
 * the host is one segment of URI-safe base64 carrying a bit string. Each element is its AI, one
 * 4-bit nibble per digit, then its value: a fixed-length numeric value as one binary number of
 * ceil(n·log2 10) bits; a variable-length value as a 3-bit encoding, its length in
 * ceil(log2(max+1)) bits, then the characters in that encoding. Fewer than 8 bits left over are
 * padding. Only the plain form is read: a first nibble above 9 is one of the standard's
 * optimisation codes (a whole group of AIs in one code), refused as unsupported.
 */

const BASE64_URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** A compressed path: one segment of URI-safe base64, long enough to hold a GTIN. */
const COMPRESSED_SEGMENT = /^[A-Za-z0-9_-]{8,}$/;

class BitReader {
  private position = 0;

  constructor(private readonly bits: string) {}

  get remaining(): number {
    return this.bits.length - this.position;
  }

  read(count: number): bigint {
    if (count > this.remaining) {
      throw new Gs1Error('MALFORMED_CODE', 'the compressed link ends in the middle of a value');
    }
    const slice = this.bits.slice(this.position, this.position + count);
    this.position += count;
    return count === 0 ? 0n : BigInt(`0b${slice}`);
  }
}

function bitsOf(segment: string): string {
  let bits = '';
  for (const character of segment) {
    bits += BASE64_URL.indexOf(character).toString(2).padStart(6, '0');
  }
  return bits;
}

function numericBits(digits: number): number {
  return Math.ceil(digits * Math.log2(10));
}

function readNumeric(reader: BitReader, digits: number): string {
  const value = reader.read(numericBits(digits)).toString();
  if (value.length > digits) {
    throw new Gs1Error('MALFORMED_CODE', 'a numeric value in the compressed link is too large');
  }
  return value.padStart(digits, '0');
}

function readCharacters(reader: BitReader, length: number, bits: number, alphabet: string): string {
  let text = '';
  for (let i = 0; i < length; i += 1) {
    const index = Number(reader.read(bits));
    const character = alphabet[index];
    if (character === undefined) {
      throw new Gs1Error('MALFORMED_CODE', 'the compressed link holds a character out of range');
    }
    text += character;
  }
  return text;
}

const ASCII = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code)).join('');

function readVariable(reader: BitReader, maxLength: number): string {
  const encoding = Number(reader.read(3));
  const length = Number(reader.read(Math.ceil(Math.log2(maxLength + 1))));
  switch (encoding) {
    case 0:
      return readNumeric(reader, length);
    case 1:
      return readCharacters(reader, length, 4, '0123456789abcdef');
    case 2:
      return readCharacters(reader, length, 4, '0123456789ABCDEF');
    case 3:
      return readCharacters(reader, length, 6, BASE64_URL);
    case 4:
      return readCharacters(reader, length, 7, ASCII);
    default:
      throw new Gs1Error(
        'MALFORMED_CODE',
        `unknown value encoding ${encoding} in a compressed link`,
      );
  }
}

function readAi(reader: BitReader): string {
  let ai = '';
  while (ai.length < 4) {
    const nibble = Number(reader.read(4));
    if (nibble > 9) {
      throw new Gs1Error(
        'UNSUPPORTED_AI',
        'the compressed link uses an optimisation code, which this platform does not read',
      );
    }
    ai += String(nibble);
    if (ai.length >= 2 && applicationIdentifier(ai) !== undefined) {
      return ai;
    }
  }
  throw new Gs1Error('UNSUPPORTED_AI', `unsupported application identifier (${ai})`);
}

/** Whether a URI's path could be a compressed Digital Link (one base64url segment). */
export function isCompressedDigitalLinkPath(pathname: string): boolean {
  const segments = pathname.split('/').filter((segment) => segment.length > 0);
  const last = segments[segments.length - 1];
  return last !== undefined && COMPRESSED_SEGMENT.test(last) && !/^[0-9]+$/.test(last);
}

/**
 * Decompresses a compressed GS1 Digital Link URI into the uncompressed one on the same host:
 * the identifying AIs in the path in the standard's order, data attributes (e.g. 17) and the
 * URI's own query parameters (linkType, …) in the query string. Throws Gs1Error when the path
 * is not a compressed link this platform reads; the result still goes through
 * {@link parseDigitalLink} for validation.
 */
export function decompressDigitalLink(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new Gs1Error('MALFORMED_CODE', 'not a valid URI');
  }
  const segments = url.pathname.split('/').filter((segment) => segment.length > 0);
  const compressed = segments.pop();
  if (compressed === undefined || !isCompressedDigitalLinkPath(`/${compressed}`)) {
    throw new Gs1Error('MALFORMED_CODE', 'not a compressed GS1 Digital Link');
  }
  const reader = new BitReader(bitsOf(compressed));
  const elements = new Map<string, string>();
  while (reader.remaining >= 8) {
    const ai = readAi(reader);
    const entry = applicationIdentifier(ai);
    if (entry === undefined) {
      throw new Gs1Error('UNSUPPORTED_AI', `unsupported application identifier (${ai})`);
    }
    const value =
      entry.fixedLength !== undefined
        ? readNumeric(reader, entry.fixedLength)
        : readVariable(reader, entry.maxLength ?? 20);
    if (elements.has(ai)) {
      throw new Gs1Error('DUPLICATE_AI', `application identifier (${ai}) appears twice`);
    }
    elements.set(ai, value);
  }
  const primary = elements.has('01') ? '01' : elements.has('00') ? '00' : undefined;
  if (primary === undefined) {
    throw new Gs1Error('MISSING_GTIN', 'the compressed link holds no GTIN (01) or SSCC (00)');
  }
  const pathOrder = primary === '01' ? ['01', '22', '10', '21'] : ['00'];
  let path = segments.map((segment) => `/${segment}`).join('');
  const query = new URLSearchParams();
  for (const ai of pathOrder) {
    const value = elements.get(ai);
    if (value !== undefined) {
      path += `/${ai}/${encodeURIComponent(value)}`;
    }
  }
  for (const [ai, value] of elements) {
    if (!pathOrder.includes(ai)) {
      query.append(ai, value);
    }
  }
  for (const [name, value] of url.searchParams) {
    query.append(name, value);
  }
  const search = query.toString();
  return `${url.origin}${path}${search === '' ? '' : `?${search}`}`;
}
