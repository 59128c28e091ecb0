import bwipjs from 'bwip-js';
import { GS, formatDigitalLink, packElementString, type PackCode } from '@packtrace/gs1';
import { ApiError } from '../errors/api-error';

/**
 * GS1's global resolver: printed in QR labels only where no resolver of the consortium is given
 * (tools outside a gateway). A gateway prints its `RESOLVER_BASE_URL`, so that a phone's camera
 * leads somewhere the consortium controls (docs/labels.md).
 */
export const LABEL_RESOLVER = 'https://id.gs1.org';

/** The two symbols a pack label may carry. */
export type LabelSymbology = 'datamatrix' | 'qr';

/** A symbol as a grid of modules, without its quiet zone. */
export interface SymbolMatrix {
  readonly symbology: LabelSymbology;
  readonly columns: number;
  readonly rows: number;
  /** Row-major, one entry per module: true where the module is dark. */
  readonly dark: readonly boolean[];
  /** What the symbol carries: the element string (GS between fields) or the Digital Link URI. */
  readonly data: string;
}

/**
 * What bwip-js reads for a GS1 DataMatrix: the element string with an explicit FNC1 first (which
 * makes the symbol GS1) and an FNC1 wherever the element string has GS. It is built from the
 * fields themselves, never from the bracketed text, where a `(` in a lot would open an AI.
 */
function dataMatrixInput(elementString: string): string {
  // With parsefnc a caret starts an escape; none of the 82 characters is a caret, but a doubled
  // one keeps any that slipped through literal rather than a command.
  const escaped = elementString.replace(/\^/g, '^^');
  return `^FNC1${escaped.split(GS).join('^FNC1')}`;
}

function matrixOf(
  bcid: 'datamatrix' | 'qrcode',
  text: string,
  options: Record<string, unknown>,
): { columns: number; rows: number; dark: boolean[] } {
  const raw = bwipjs.raw(bcid, text, options as never)[0];
  if (raw === undefined || !('pixs' in raw)) {
    throw new Error(`${bcid} produced no matrix`);
  }
  return { columns: raw.pixx, rows: raw.pixy, dark: raw.pixs.map((pixel) => pixel === 1) };
}

/**
 * Encodes a pack's symbol: a GS1 DataMatrix carrying the element string (AIs 01, 17, 10, 21 with
 * FNC1 separators), or a QR code carrying the GS1 Digital Link URI. What cannot be encoded is a
 * 422 `LABEL_NOT_ENCODABLE`, never a 500.
 */
export function encodePackSymbol(
  code: PackCode,
  symbology: LabelSymbology,
  resolverBase: string = LABEL_RESOLVER,
): SymbolMatrix {
  const data =
    symbology === 'datamatrix' ? packElementString(code) : formatDigitalLink(resolverBase, code);
  try {
    const matrix =
      symbology === 'datamatrix'
        ? matrixOf('datamatrix', dataMatrixInput(data), { parsefnc: true })
        : // Level M restores 15% of the symbol: a scuffed pack still reads.
          matrixOf('qrcode', data, { eclevel: 'M' });
    return { symbology, data, ...matrix };
  } catch (error) {
    throw new ApiError(
      422,
      'LABEL_NOT_ENCODABLE',
      `the pack's ${symbology === 'datamatrix' ? 'GS1 DataMatrix' : 'QR code'} cannot be encoded: ${
        error instanceof Error ? error.message : String(error)
      }`,
      { symbology },
    );
  }
}
