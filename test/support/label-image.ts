import { Resvg } from '@resvg/resvg-js';

/**
 * Renders a label SVG as the platform serves it to a PNG, the way a printer would lay it on
 * paper: at its size in millimetres, `pixelsPerMm` pixels to the millimetre.
 */
export function renderLabelPng(svg: string, pixelsPerMm: number): Buffer {
  const width = /width="([\d.]+)mm"/.exec(svg)?.[1];
  if (width === undefined) {
    throw new Error('the label SVG has no width in millimetres');
  }
  return new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(Number(width) * pixelsPerMm) },
    background: 'white',
    font: { loadSystemFonts: true },
  })
    .render()
    .asPng();
}
