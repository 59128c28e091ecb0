import type { PackCode } from '@packtrace/gs1';
import { encodePackSymbol, type LabelSymbology, type SymbolMatrix } from './label-symbol';

/**
 * The printed geometry of every pack label, in millimetres (docs/labels.md gives the sources).
 *
 * The X-dimension (one module) is 0.42 mm for both symbols: inside every range GS1's symbol
 * specification tables give GS1 DataMatrix on regulated healthcare packs (0.254-0.990,
 * 0.396-0.990 and 0.254-0.495 mm) and GS1 QR Code (0.254-0.495, and 0.396-0.743 mm for
 * Digital Link), so one label suits a pharmacy's counter scanner and a wholesaler's alike.
 */
export const LABEL_SPEC = {
  xDimensionMm: 0.42,
  /** Light margin around the symbol, in modules: GS1 asks for 1 (DataMatrix) and 4 (QR). */
  quietZoneModules: { datamatrix: 2, qr: 4 } satisfies Record<LabelSymbology, number>,
  /** White border of the whole label, outside the quiet zone. */
  paddingMm: 1.5,
  /** Between the symbol's quiet zone and the text. */
  gapMm: 1,
  /** About 8 pt: above the 7 pt the EU readability guideline asks of pack text. */
  fontSizeMm: 2.8,
  lineHeightMm: 3.5,
  /** Monospace advance per character, in em (Courier and its metric clones). */
  advanceEm: 0.6,
  /** The longest line: `Lot: ` and a 20-character lot. */
  textColumns: 25,
} as const;

/** One line of the human-readable text, its baseline at `y`. */
export interface LabelLine {
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

/** A pack label laid out in millimetres, ready to draw as SVG or PDF. */
export interface LabelLayout {
  readonly widthMm: number;
  readonly heightMm: number;
  readonly symbol: SymbolMatrix;
  /** Top-left corner of the symbol's first module (inside the quiet zone). */
  readonly symbolXMm: number;
  readonly symbolYMm: number;
  readonly moduleMm: number;
  readonly quietZoneMm: number;
  readonly fontSizeMm: number;
  readonly lines: readonly LabelLine[];
}

/**
 * The human-readable text in the EU layout (Delegated Regulation (EU) 2016/161, Art. 7): product
 * code and serial as `PC:` and `SN:`, then the batch and the expiry. An expiry with day 00 means
 * the month only, and is printed so.
 */
export function labelText(code: PackCode): string[] {
  const lines = [`PC: ${code.gtin}`, `SN: ${code.serial}`];
  if (code.lot !== undefined) lines.push(`Lot: ${code.lot}`);
  if (code.expiry !== undefined) {
    const [yy, mm, dd] = [code.expiry.slice(0, 2), code.expiry.slice(2, 4), code.expiry.slice(4)];
    const year = (code.expiryDate ?? `20${yy}`).slice(0, 4);
    lines.push(`EXP: ${year}-${mm}${dd === '00' ? '' : `-${dd}`}`);
  }
  if (code.nhrn !== undefined) lines.push(`NN: ${code.nhrn.value}`);
  return lines;
}

/**
 * Lays out one pack's label: the symbol with its quiet zone on the left, the text beside it. A QR
 * code's Digital Link names `resolverBase` (see `encodePackSymbol`).
 */
export function layoutPackLabel(
  code: PackCode,
  symbology: LabelSymbology,
  resolverBase?: string,
): LabelLayout {
  const spec = LABEL_SPEC;
  const symbol = encodePackSymbol(code, symbology, resolverBase);
  const moduleMm = spec.xDimensionMm;
  const quietZoneMm = spec.quietZoneModules[symbology] * moduleMm;
  const symbolBoxW = symbol.columns * moduleMm + 2 * quietZoneMm;
  const symbolBoxH = symbol.rows * moduleMm + 2 * quietZoneMm;
  const texts = labelText(code);
  const textW = spec.textColumns * spec.advanceEm * spec.fontSizeMm;
  const textH = texts.length * spec.lineHeightMm;
  const innerH = Math.max(symbolBoxH, textH);
  const textX = spec.paddingMm + symbolBoxW + spec.gapMm;
  const textTop = spec.paddingMm + (innerH - textH) / 2;
  const round = (mm: number): number => Math.round(mm * 1000) / 1000;
  return {
    widthMm: round(textX + textW + spec.paddingMm),
    heightMm: round(innerH + 2 * spec.paddingMm),
    symbol,
    symbolXMm: round(spec.paddingMm + quietZoneMm),
    symbolYMm: round(spec.paddingMm + (innerH - symbolBoxH) / 2 + quietZoneMm),
    moduleMm,
    quietZoneMm: round(quietZoneMm),
    fontSizeMm: spec.fontSizeMm,
    lines: texts.map((text, index) => ({
      x: round(textX),
      // The baseline sits about 0.8 em below the top of its line box.
      y: round(textTop + index * spec.lineHeightMm + 0.8 * spec.lineHeightMm),
      text,
    })),
  };
}

/** Dark modules of one row as runs `[first column, length]`, so a row is drawn in few strokes. */
export function darkRuns(symbol: SymbolMatrix, row: number): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let start = -1;
  for (let column = 0; column <= symbol.columns; column += 1) {
    const dark = column < symbol.columns && symbol.dark[row * symbol.columns + column] === true;
    if (dark && start < 0) start = column;
    if (!dark && start >= 0) {
      runs.push([start, column - start]);
      start = -1;
    }
  }
  return runs;
}
