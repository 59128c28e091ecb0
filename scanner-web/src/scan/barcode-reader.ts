import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';

/** The decoder's WebAssembly, served by the gateway with the page: nothing loads from the internet. */
prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) =>
      path.endsWith('.wasm') ? `/assets/${path}` : prefix + path,
  },
});

/**
 * Decodes GS1 DataMatrix and QR codes in one frame. GS1 content keeps its separators (textMode
 * Plain hands FNC1 over as GS) and gets its symbology identifier (]d2, ]Q3) in front, exactly as
 * a hardware scanner would send it; other QR content (a Digital Link URI) is returned as is.
 */
export async function readPackCode(frame: ImageData): Promise<string | undefined> {
  const results = await readBarcodes(frame, {
    formats: ['DataMatrix', 'QRCode'],
    tryHarder: true,
    textMode: 'Plain',
    maxNumberOfSymbols: 1,
  });
  const result = results.find((candidate) => candidate.isValid);
  if (result === undefined) {
    return undefined;
  }
  return result.contentType === 'GS1' ? result.symbologyIdentifier + result.text : result.text;
}
