/**
 * The GS1 mod-10 check digit shared by GTIN, SSCC and GLN: weights 3,1,3,1… from the right
 * over the digits before the check digit.
 */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  let sum = 0;
  for (let i = 0; i < digitsWithoutCheck.length; i += 1) {
    const digit = digitsWithoutCheck.charCodeAt(digitsWithoutCheck.length - 1 - i) - 48;
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return (10 - (sum % 10)) % 10;
}

/** Validates a fixed-length numeric GS1 key; returns a sentence describing the fault, or null. */
export function describeKeyFault(value: string, length: number, label: string): string | null {
  if (!/^[0-9]*$/.test(value)) {
    return `${label} must contain digits only`;
  }
  if (value.length !== length) {
    return `${label} must be ${length} digits, got ${value.length}`;
  }
  const expected = gs1CheckDigit(value.slice(0, -1));
  const actual = Number(value.slice(-1));
  if (expected !== actual) {
    return `${label} check digit is ${actual}, expected ${expected}`;
  }
  return null;
}
