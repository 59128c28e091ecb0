import { Gs1Error, decompressDigitalLink, parseDigitalLink } from '@packtrace/gs1';

/** GS1's own compressed/uncompressed pairs (its Digital Link compression examples). */
const GS1_EXAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['https://id.gs1.org/AQnYUc1gmg', 'https://id.gs1.org/01/05412345000013'],
  ['https://id.gs1.org/AQnYUc1gmiCNV4JG', 'https://id.gs1.org/01/05412345000013/10/ABC123'],
  [
    'https://id.gs1.org/AQnYUc1gmiCNV4JGQhcNT6K6c',
    'https://id.gs1.org/01/05412345000013/10/ABC123/21/72292641703',
  ],
  ['https://id.gs1.org/AN2yxDhfaiaw', 'https://id.gs1.org/00/998440410914660971'],
];

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof Gs1Error) {
      return error.code;
    }
    throw error;
  }
  throw new Error('expected a Gs1Error');
}

describe('compressed GS1 Digital Link URIs', () => {
  it.each(GS1_EXAMPLES)('decompresses %s as GS1 does', (compressed, uncompressed) => {
    expect(decompressDigitalLink(compressed)).toBe(uncompressed);
    expect(parseDigitalLink(decompressDigitalLink(compressed))).toEqual(
      parseDigitalLink(uncompressed),
    );
  });

  it('keeps the host, a path before the key and the query parameters that are not AIs', () => {
    expect(decompressDigitalLink('https://r.example.org/x/AQnYUc1gmg?linkType=gs1:epil')).toBe(
      'https://r.example.org/x/01/05412345000013?linkType=gs1%3Aepil',
    );
  });

  it('refuses what is not a compressed link it reads', () => {
    expect(refusal(() => decompressDigitalLink('https://id.gs1.org/01/05412345000013'))).toBe(
      'MALFORMED_CODE',
    );
    // An optimisation code (first nibble above 9), and a link cut short.
    expect(refusal(() => decompressDigitalLink('https://id.gs1.org/EEarwSOABgwEj9s0bAmQ'))).toBe(
      'UNSUPPORTED_AI',
    );
    expect(refusal(() => decompressDigitalLink('https://id.gs1.org/AQnYUc1gmiCN'))).toBe(
      'MALFORMED_CODE',
    );
  });
});
