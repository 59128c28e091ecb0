import { createHmac, randomBytes } from 'node:crypto';

/**
 * Characters of generated serials: digits and upper-case letters, a subset of GS1's
 * 82-character set that every scanner and keyboard handles.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNPQRSTUVWXYZ';
/** 12 characters of a 35-letter alphabet: 35^12 ≈ 3.4 × 10^18 possible serials. */
export const GENERATED_SERIAL_LENGTH = 12;
/** The largest multiple of the alphabet's size in a byte: bytes at or above it are skipped. */
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

/**
 * Bytes of HMAC-SHA-256 in counter mode under a 32-byte key: uniform and unpredictable to anyone
 * without the key, and the same sequence for the same key.
 */
function* keyedBytes(key: Buffer): Generator<number> {
  for (let block = 0; ; block += 1) {
    yield* createHmac('sha256', key).update(String(block)).digest();
  }
}

/**
 * Generates `count` distinct serials, drawing each character uniformly (bytes that would bias
 * the draw are skipped). The source is a fresh random key, or, for a request that must generate
 * the same serials on every retry, a key derived from a secret `seed`. With a million packs in a
 * batch the chance of guessing a valid serial is about 3 × 10^-13, far under the EU's 1 in
 * 10,000.
 */
export function generateSerials(count: number, seed?: string): string[] {
  const key =
    seed === undefined ? randomBytes(32) : createHmac('sha256', 'serials').update(seed).digest();
  const bytes = keyedBytes(key);
  const serials = new Set<string>();
  while (serials.size < count) {
    let serial = '';
    while (serial.length < GENERATED_SERIAL_LENGTH) {
      const byte = bytes.next().value as number;
      if (byte < UNBIASED_LIMIT) {
        serial += ALPHABET[byte % ALPHABET.length];
      }
    }
    serials.add(serial);
  }
  return [...serials];
}
