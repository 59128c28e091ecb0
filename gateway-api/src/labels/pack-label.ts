import { GS, packElementString, type PackCode } from '@packtrace/gs1';
import { darkRuns, layoutPackLabel, type LabelLayout } from './label-layout';
import type { LabelSymbology } from './label-symbol';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The symbol's dark modules as one path in module units (one `h` stroke per run). */
function symbolPath(layout: LabelLayout): string {
  let d = '';
  for (let row = 0; row < layout.symbol.rows; row += 1) {
    for (const [column, length] of darkRuns(layout.symbol, row)) {
      d += `M${column} ${row}h${length}v1h-${length}z`;
    }
  }
  return d;
}

/**
 * A label as SVG at its printed size: `width` and `height` in millimetres and a viewBox in
 * millimetres, so printing at 100% gives the X-dimension of LABEL_SPEC. The white background
 * carries the symbol's quiet zone.
 */
export function labelSvg(layout: LabelLayout, code: PackCode): string {
  const { widthMm: w, heightMm: h } = layout;
  const text = layout.lines
    .map((line) => `<text x="${line.x}" y="${line.y}">${escapeXml(line.text)}</text>`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}mm" height="${h}mm" viewBox="0 0 ${w} ${h}">` +
    `<title>${escapeXml(packElementString(code).split(GS).join(' '))}</title>` +
    `<rect width="${w}" height="${h}" fill="#fff"/>` +
    `<path transform="translate(${layout.symbolXMm} ${layout.symbolYMm}) scale(${layout.moduleMm})" ` +
    `shape-rendering="crispEdges" fill="#000" d="${symbolPath(layout)}"/>` +
    `<g font-family="'DejaVu Sans Mono','Liberation Mono','Courier New',Courier,monospace" ` +
    `font-size="${layout.fontSizeMm}" fill="#000">${text}</g></svg>`
  );
}

/**
 * A printable label as SVG: a GS1 DataMatrix carrying the element string, or a QR code carrying
 * the GS1 Digital Link, with its quiet zone and the human-readable text in the EU layout.
 */
export function packLabelSvg(
  code: PackCode,
  symbology: LabelSymbology,
  resolverBase?: string,
): string {
  return labelSvg(layoutPackLabel(code, symbology, resolverBase), code);
}
