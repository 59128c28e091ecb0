import bwipjs from 'bwip-js';

/** Size of one module of the printed symbol, in millimetres (a common case-label density). */
const MODULE_MM = 0.6;
/** The quiet zone around the symbol, in modules. */
const QUIET = 2;

/**
 * A case or pallet label carrying its SSCC (AI 00) in a GS1 DataMatrix, as an SVG sized in
 * millimetres, for the fake camera to film as it films a pack's label.
 */
export function caseLabelSvg(sscc: string): string {
  const raw = bwipjs.raw('datamatrix', `^FNC100${sscc}`, { parsefnc: true } as never)[0];
  if (raw === undefined || !('pixs' in raw)) {
    throw new Error('datamatrix produced no matrix');
  }
  const columns = raw.pixx + 2 * QUIET;
  const rows = raw.pixy + 2 * QUIET;
  const cells: string[] = [];
  raw.pixs.forEach((pixel, index) => {
    if (pixel === 1) {
      const x = (index % raw.pixx) + QUIET;
      const y = Math.floor(index / raw.pixx) + QUIET;
      cells.push(`<rect x="${String(x)}" y="${String(y)}" width="1" height="1"/>`);
    }
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${String(columns * MODULE_MM)}mm" height="${String(rows * MODULE_MM)}mm" viewBox="0 0 ${String(columns)} ${String(rows)}" shape-rendering="crispEdges">`,
    `<rect width="${String(columns)}" height="${String(rows)}" fill="#fff"/>`,
    `<g fill="#000">${cells.join('')}</g>`,
    '</svg>',
  ].join('');
}
