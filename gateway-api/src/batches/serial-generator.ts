import { randomInt } from 'node:crypto';

/**
 * Characters of generated serials: digits and upper-case letters, a subset of GS1's
 * 82-character set that every scanner and keyboard handles.
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNPQRSTUVWXYZ';
/** 12 characters of a 35-letter alphabet: 35^12 ≈ 3.4 × 10^18 possible serials. */
export const GENERATED_SERIAL_LENGTH = 12;

/**
 * Generates `count` distinct serials with a cryptographic random source (randomInt draws
 * uniformly, without modulo bias). With a million packs in a batch the chance of guessing a
 * valid serial is about 3 × 10^-13, far under the EU's 1 in 10,000.
 */
export function generateSerials(count: number): string[] {
  const serials = new Set<string>();
  while (serials.size < count) {
    let serial = '';
    for (let i = 0; i < GENERATED_SERIAL_LENGTH; i += 1) {
      serial += ALPHABET[randomInt(ALPHABET.length)];
    }
    serials.add(serial);
  }
  return [...serials];
}
