import {
  GS,
  Gs1Error,
  expiryToIsoDate,
  formatDigitalLink,
  gs1CheckDigit,
  gtinHasCompanyPrefix,
  normaliseGtin,
  packCodeFromFields,
  packElementString,
  packHumanReadable,
  parseItemCode,
  parsePackCode,
  validateGln,
  validateLot,
  validateSerial,
  validateSscc,
} from '@packtrace/gs1';

function rejection(run: () => unknown): { code: string; field?: string; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof Gs1Error) {
      return { code: error.code, field: error.field, message: error.message };
    }
    throw error;
  }
  throw new Error('expected a Gs1Error, but the input was accepted');
}

const EXPECTED = {
  kind: 'pack',
  gtin: '09506000134352',
  serial: 'SN00012345',
  lot: 'LOT-42A',
  expiry: '271231',
  expiryDate: '2027-12-31',
};

describe('check digits', () => {
  it('computes the GS1 mod-10 check digit', () => {
    expect(gs1CheckDigit('1234567890123')).toBe(1);
    expect(gs1CheckDigit('0950600013435')).toBe(2);
  });

  it('accepts valid GTIN, SSCC and GLN keys and rejects a wrong check digit', () => {
    expect(normaliseGtin('12345678901231')).toBe('12345678901231');
    expect(validateSscc('106141411234567897')).toBe('106141411234567897');
    expect(validateGln('9506000000008')).toBe('9506000000008');
    expect(rejection(() => normaliseGtin('12345678901232'))).toMatchObject({
      code: 'INVALID_GTIN',
      field: 'gtin',
      message: expect.stringContaining('check digit is 2, expected 1'),
    });
    expect(rejection(() => validateSscc('106141411234567890')).code).toBe('INVALID_SSCC');
    expect(rejection(() => validateGln('9506000000005')).code).toBe('INVALID_GLN');
    expect(rejection(() => validateGln('950600000000')).message).toContain('13 digits');
  });

  it('pads GTIN-8, -12 and -13 to GTIN-14', () => {
    expect(normaliseGtin('9506000134352')).toBe('09506000134352');
    expect(rejection(() => normaliseGtin('123456789')).message).toContain('8, 12, 13 or 14');
  });

  it('tells whether a GTIN belongs to a company prefix', () => {
    expect(gtinHasCompanyPrefix('09506000134352', '9506000')).toBe(true);
    expect(gtinHasCompanyPrefix('09506000134352', '9506001')).toBe(false);
  });
});

describe('serial and lot character set', () => {
  it('accepts every character of the 82-character set', () => {
    expect(validateSerial('!"%&\'()*+,-./09:;<=>')).toHaveLength(20);
    expect(validateLot('?AZ_az')).toBe('?AZ_az');
  });

  it.each([
    ' ',
    '#',
    '$',
    '@',
    '[',
    '\\',
    ']',
    '^',
    '`',
    '{',
    '|',
    '}',
    '~',
    '\u0000',
    'é',
    '\u001d',
  ])('rejects %j in a serial', (char) => {
    expect(rejection(() => validateSerial(`AB${char}C`))).toMatchObject({
      code: 'INVALID_SERIAL',
      field: 'serial',
    });
  });

  it('rejects empty and over-long values', () => {
    expect(rejection(() => validateSerial('')).message).toContain('empty');
    expect(rejection(() => validateLot('A'.repeat(21))).message).toContain('at most 20');
  });
});

describe('expiry', () => {
  it('reads day 00 as the last day of the month, leap years included', () => {
    expect(expiryToIsoDate('280200')).toBe('2028-02-29');
    expect(expiryToIsoDate('270200')).toBe('2027-02-28');
    expect(expiryToIsoDate('271100')).toBe('2027-11-30');
  });

  it('rejects impossible dates', () => {
    expect(rejection(() => expiryToIsoDate('271301')).message).toContain('month');
    expect(rejection(() => expiryToIsoDate('270230')).message).toContain('does not exist');
    expect(rejection(() => expiryToIsoDate('2712')).code).toBe('INVALID_EXPIRY');
  });
});

describe('pack codes in every form', () => {
  const elementString = `0109506000134352172712311${'0'}LOT-42A${GS}21SN00012345`;

  it.each([
    ['DataMatrix with symbology identifier', `]d2${elementString}`],
    ['DataMatrix with leading FNC1', `${GS}${elementString}`],
    ['GS1 QR', `]Q3${elementString}`],
    ['bare element string', elementString],
    ['serial before lot', `01095060001343521727123121SN00012345${GS}10LOT-42A`],
    ['fixed field ended by GS', `0109506000134352${GS}17271231${GS}10LOT-42A${GS}21SN00012345`],
    ['human-readable', '(01)09506000134352(17)271231(10)LOT-42A(21)SN00012345'],
    ['Digital Link', 'https://id.gs1.org/01/09506000134352/10/LOT-42A/21/SN00012345?17=271231'],
    [
      'Digital Link on any host',
      'http://pharma.example/path/01/09506000134352/10/LOT-42A/21/SN00012345?17=271231&linkType=all',
    ],
    [
      'Digital Link with GTIN-13',
      'https://x.test/01/9506000134352/10/LOT-42A/21/SN00012345?17=271231',
    ],
  ])('reads a %s', (_label, input) => {
    expect(parsePackCode(input)).toEqual(EXPECTED);
  });

  it('reads fields typed by hand', () => {
    expect(
      packCodeFromFields({
        gtin: '09506000134352',
        serial: 'SN00012345',
        lot: 'LOT-42A',
        expiry: '271231',
      }),
    ).toEqual(EXPECTED);
  });

  it('reads serials containing brackets and slashes', () => {
    expect(parsePackCode('(01)09506000134352(21)A(1)B/C').serial).toBe('A(1)B/C');
    expect(parsePackCode('https://h.test/01/09506000134352/21/A%2FB%25').serial).toBe('A/B%');
  });

  it('reads a national reimbursement number', () => {
    expect(parsePackCode(`]d20109506000134352710123456789${GS}21S1`).nhrn).toEqual({
      ai: '710',
      value: '123456789',
    });
  });

  it('round-trips through the element string, HRI and Digital Link it formats', () => {
    const code = parsePackCode('(01)09506000134352(17)271231(10)LOT-42A(21)SN00012345');
    expect(parsePackCode(packElementString(code, ']d2'))).toEqual(code);
    expect(parsePackCode(packHumanReadable(code))).toEqual(code);
    expect(parsePackCode(formatDigitalLink('https://id.example', code))).toEqual(code);
    expect(packElementString(code)).toBe(`01095060001343521727123110LOT-42A${GS}21SN00012345`);
  });

  it('reads an SSCC label as a container', () => {
    expect(parseItemCode(']C100106141411234567897')).toEqual({
      kind: 'container',
      sscc: '106141411234567897',
    });
    expect(parseItemCode('https://h.test/00/106141411234567897')).toEqual({
      kind: 'container',
      sscc: '106141411234567897',
    });
    expect(rejection(() => parsePackCode('(00)106141411234567897')).code).toBe('NOT_A_PACK_CODE');
  });
});

describe('hostile and broken codes', () => {
  it.each([
    ['', 'EMPTY_CODE', undefined],
    ['   ', 'EMPTY_CODE', undefined],
    ['x'.repeat(600), 'CODE_TOO_LONG', undefined],
    [']d2', 'EMPTY_CODE', undefined],
    [']z9010950600013435221A', 'MALFORMED_CODE', undefined],
    ['0109506000134353' + '21A', 'INVALID_GTIN', 'gtin'],
    ['01095060001343', 'MALFORMED_CODE', 'gtin'],
    ['0109506000134352', 'MISSING_SERIAL', 'serial'],
    ['21SERIAL', 'MISSING_GTIN', 'gtin'],
    ['010950600013435299ABC', 'UNSUPPORTED_AI', undefined],
    [`010950600013435221A${GS}21B`, 'DUPLICATE_AI', 'serial'],
    ['010950600013435221' + 'A'.repeat(21), 'INVALID_SERIAL', 'serial'],
    ['010950600013435221A\u0000B', 'INVALID_SERIAL', 'serial'],
    ['010950600013435221A B', 'INVALID_SERIAL', 'serial'],
    ['0109506000134352171399992' + '1A', 'INVALID_EXPIRY', 'expiry'],
    ['0109506000134352' + '10' + `L\u00e9T${GS}21A`, 'INVALID_LOT', 'lot'],
    ['(01)09506000134352(21)', 'INVALID_SERIAL', 'serial'],
    ['(01)0950600013435(21)A', 'MALFORMED_CODE', 'gtin'],
    ['01)09506000134352(21)A', 'INVALID_GTIN', 'gtin'],
    ['https://h.test/21/A/01/09506000134352', 'MISSING_SERIAL', 'serial'],
    ['https://h.test/01/09506000134352/21/A/10/L', 'MALFORMED_CODE', undefined],
    ['https://h.test/01/09506000134352/21/A?21=B', 'MALFORMED_CODE', undefined],
    ['https://h.test/01/09506000134352/21/%E0%A4%A', 'MALFORMED_CODE', undefined],
    ['https://h.test/no/key/here', 'MISSING_GTIN', undefined],
    ['ftp://h.test/01/09506000134352/21/A', 'MALFORMED_CODE', undefined],
    ['https://h.test/01/09506000134352/21/A?17=991399', 'INVALID_EXPIRY', 'expiry'],
    ['https://h.test/01/09506000134352/21/A%00B', 'INVALID_SERIAL', 'serial'],
    [`0109506000134352710A${GS}711B${GS}21S`, 'INVALID_NHRN', 'nhrn'],
  ])('rejects %j with %s', (input, code, field) => {
    const error = rejection(() => parsePackCode(input));
    expect(error.code).toBe(code);
    if (field !== undefined) {
      expect(error.field).toBe(field);
    }
    expect(error.message.length).toBeGreaterThan(5);
  });
});
