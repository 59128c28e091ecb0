import bwipjs from 'bwip-js';
import {
  GS,
  formatDigitalLink,
  packElementString,
  packHumanReadable,
  type PackCode,
} from '@packtrace/gs1';

/** The resolver printed in QR labels; the host is not part of the identity, any scanner resolves it. */
export const LABEL_RESOLVER = 'https://id.gs1.org';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * A printable label as SVG: a GS1 DataMatrix carrying the element string, or a QR code carrying
 * the GS1 Digital Link, with the human-readable text beneath.
 */
export function packLabelSvg(code: PackCode, symbology: 'datamatrix' | 'qr'): string {
  const barcode =
    symbology === 'datamatrix'
      ? // bwip-js reads the bracketed form and encodes FNC1 separators itself.
        bwipjs.toSVG({ bcid: 'gs1datamatrix', text: packHumanReadable(code), scale: 3 })
      : bwipjs.toSVG({ bcid: 'qrcode', text: formatDigitalLink(LABEL_RESOLVER, code), scale: 3 });
  const viewBox = /viewBox="0 0 (\d+) (\d+)"/.exec(barcode);
  const width = Number(viewBox?.[1] ?? 100);
  const height = Number(viewBox?.[2] ?? 100);
  const inner = barcode.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '');
  const lines = [
    `GTIN ${code.gtin}`,
    `SN ${code.serial}`,
    ...(code.lot === undefined ? [] : [`LOT ${code.lot}`]),
    ...(code.expiryDate === undefined ? [] : [`EXP ${code.expiryDate}`]),
  ];
  const textHeight = 14 * lines.length + 8;
  const labelWidth = Math.max(width, 180);
  const text = lines
    .map(
      (line, index) =>
        `<text x="0" y="${height + 16 + index * 14}" font-family="monospace" font-size="12">${escapeXml(line)}</text>`,
    )
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${labelWidth} ${height + textHeight}" width="${labelWidth}" height="${height + textHeight}">` +
    `<title>${escapeXml(packElementString(code).split(GS).join(' '))}</title><g>${inner}</g>${text}</svg>`
  );
}
