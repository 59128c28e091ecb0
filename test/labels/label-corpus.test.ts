import {
  CSET82_CHARACTERS,
  GS,
  gs1CheckDigit,
  packCodeFromFields,
  packElementString,
  parsePackCode,
  type PackCode,
} from '@packtrace/gs1';
import { LABEL_SPEC, layoutPackLabel, packLabelSvg } from '@packtrace/gateway-api';
import { readDataMatrix, readQrCode } from '../support/decoders';
import { renderLabelPng } from '../support/label-image';

/** Ten pixels to the millimetre: about 4 pixels per module, a modest phone or scanner image. */
const PIXELS_PER_MM = 10;

function gtin(first13: string): string {
  return first13 + String(gs1CheckDigit(first13));
}

/** The 82 characters in runs of at most 20, the longest a serial or lot may be. */
const CHUNKS = CSET82_CHARACTERS.match(/.{1,20}/g) ?? [];

const CORPUS: Array<[string, PackCode]> = [
  ...CHUNKS.map((chunk, index): [string, PackCode] => [
    `serial of 82-set characters ${index * 20 + 1}-${index * 20 + chunk.length}, lot of the next run`,
    packCodeFromFields({
      gtin: '09506000134352',
      serial: chunk,
      lot: CHUNKS[(index + 1) % CHUNKS.length] ?? '',
      expiry: '271231',
    }),
  ]),
  [
    'lot with parentheses, day-00 expiry',
    packCodeFromFields({
      gtin: '09506000134352',
      serial: 'SN(21)1',
      lot: 'LOT/42(A)',
      expiry: '280200',
    }),
  ],
  [
    'smallest GTIN, one-character serial and lot',
    packCodeFromFields({ gtin: gtin('0000000000000'), serial: '0', lot: '!', expiry: '000100' }),
  ],
  [
    'largest GTIN, maximum serial and lot lengths',
    packCodeFromFields({
      gtin: gtin('9999999999999'),
      serial: 'zzzzzzzzzzzzzzzzzzzz',
      lot: '""""""""""""""""""""',
      expiry: '991200',
    }),
  ],
];

describe('every printed label reads back with decoders the project did not write', () => {
  it('keeps the X-dimension inside GS1 healthcare ranges and draws the quiet zone', () => {
    expect(LABEL_SPEC.xDimensionMm).toBeGreaterThanOrEqual(0.396);
    expect(LABEL_SPEC.xDimensionMm).toBeLessThanOrEqual(0.495);
    for (const symbology of ['datamatrix', 'qr'] as const) {
      const layout = layoutPackLabel(CORPUS[0]![1], symbology);
      expect(layout.quietZoneMm).toBeCloseTo(
        LABEL_SPEC.quietZoneModules[symbology] * LABEL_SPEC.xDimensionMm,
      );
      expect(layout.symbolXMm).toBeGreaterThanOrEqual(layout.quietZoneMm);
      expect(layout.symbolYMm).toBeGreaterThanOrEqual(layout.quietZoneMm);
    }
  });

  it('covers all 82 characters in serials and in lots', () => {
    const serials = new Set(CORPUS.flatMap(([, code]) => [...code.serial]));
    const lots = new Set(CORPUS.flatMap(([, code]) => [...(code.lot ?? '')]));
    expect([...CSET82_CHARACTERS].filter((c) => !serials.has(c))).toEqual([]);
    expect([...CSET82_CHARACTERS].filter((c) => !lots.has(c))).toEqual([]);
  });

  it.each(CORPUS)('GS1 DataMatrix, dmtxread in GS1 mode: %s', async (_name, code) => {
    const decoded = await readDataMatrix(
      renderLabelPng(packLabelSvg(code, 'datamatrix'), PIXELS_PER_MM),
    );
    // FNC1 first (as GS), then the element string with GS after each variable field.
    expect(decoded).toBe(GS + packElementString(code));
    expect(parsePackCode(decoded)).toEqual(code);
  });

  it.each(CORPUS)('QR code with the Digital Link, zbarimg: %s', async (_name, code) => {
    const decoded = await readQrCode(renderLabelPng(packLabelSvg(code, 'qr'), PIXELS_PER_MM));
    expect(decoded).toMatch(/^https:\/\/id\.gs1\.org\/01\//);
    expect(parsePackCode(decoded)).toEqual(code);
  });
});
