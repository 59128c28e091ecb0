import type { Response } from 'express';
import { packCodeFromFields } from '@packtrace/gs1';
import { ApiError } from '../errors/api-error';
import { layoutPackLabel } from './label-layout';
import type { LabelSymbology } from './label-symbol';
import { PrintRunPdf, type PrintLayout } from './print-run-pdf';

/** A page of a batch's serials, as ListBatchPacks returns it. */
export interface SerialPage {
  readonly items: readonly string[];
  readonly bookmark: string;
}

/** What to print: the symbol, the paper, and optionally a range of serials (inclusive). */
export interface PrintRunOptions {
  readonly symbology: LabelSymbology;
  readonly layout: PrintLayout;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  /** The resolver a QR code's Digital Link names (see `encodePackSymbol`). */
  readonly resolverBase?: string | undefined;
}

/** The serials of a batch in `options`' range, in listing order, refusing more than `max`. */
async function serialsToPrint(
  listSerials: (bookmark: string) => Promise<SerialPage>,
  options: PrintRunOptions,
  max: number,
  res: Response,
): Promise<string[] | undefined> {
  const serials: string[] = [];
  let bookmark = '';
  do {
    if (res.destroyed) {
      // The client went away: nothing more to read for it.
      return undefined;
    }
    const page = await listSerials(bookmark);
    // Not sorted (the compact record lists a batch cell by cell), so a range reads the batch to
    // its end rather than stopping at the first serial past `to`.
    for (const serial of page.items) {
      const inRange =
        (options.from === undefined || serial >= options.from) &&
        (options.to === undefined || serial <= options.to);
      if (inRange) {
        if (serials.length === max) {
          throw new ApiError(
            422,
            'PRINT_RUN_TOO_LARGE',
            `a print run holds at most ${max.toLocaleString('en')} labels and this one would hold more; print the batch in parts, each a range of serials given by from and to`,
            { maxLabels: max },
          );
        }
        serials.push(serial);
      }
    }
    bookmark = page.items.length === 0 ? '' : page.bookmark;
  } while (bookmark !== '');
  return serials;
}

/** Resolves once the response can take more bytes; rejects if the client went away. */
function writer(res: Response): (chunk: Buffer) => Promise<void> {
  return (chunk) =>
    new Promise((resolve, reject) => {
      if (res.destroyed || res.writableEnded) {
        reject(new Error('the client closed the download'));
        return;
      }
      if (res.write(chunk)) {
        resolve();
        return;
      }
      const onDrain = (): void => {
        res.off('close', onClose);
        resolve();
      };
      const onClose = (): void => {
        res.off('drain', onDrain);
        reject(new Error('the client closed the download'));
      };
      res.once('drain', onDrain);
      res.once('close', onClose);
    });
}

function fileName(batch: { gtin: string; lot: string }, options: PrintRunOptions): string {
  const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]/g, '_');
  return `labels-${batch.gtin}-${safe(batch.lot)}-${options.symbology}-${options.layout}.pdf`;
}

/**
 * Streams the labels of a batch as one PDF, in the order the batch lists its serials. The
 * serials to print are listed first (200 at a time), before the first byte is sent, so a refusal
 * (a batch of another manufacturer, a run of more than `maxLabels` labels) is still an ordinary
 * JSON error; memory holds at most `maxLabels` serials, and each sheet is written as soon as it
 * is full. A failure after the first byte can no longer change the status: the download is cut
 * short (never a complete-looking, partial document) and the cause is logged.
 *
 * @throws ApiError 422 PRINT_RUN_TOO_LARGE before anything is sent, when the batch (or the range)
 *   holds more than `maxLabels` labels
 */
export async function streamPrintRun(
  listSerials: (bookmark: string) => Promise<SerialPage>,
  batch: { gtin: string; lot: string; expiry: string },
  options: PrintRunOptions,
  maxLabels: number,
  res: Response,
): Promise<void> {
  const serials = await serialsToPrint(listSerials, options, maxLabels, res);
  if (serials === undefined) {
    return;
  }
  const label = (serial: string) =>
    layoutPackLabel(
      packCodeFromFields({ gtin: batch.gtin, serial, lot: batch.lot, expiry: batch.expiry }),
      options.symbology,
      options.resolverBase,
    );
  res
    .status(200)
    .type('application/pdf')
    .set('Content-Disposition', `attachment; filename="${fileName(batch, options)}"`)
    .set('Cache-Control', 'no-store');
  const pdf = new PrintRunPdf(writer(res), options.layout);
  try {
    await pdf.start();
    for (const serial of serials) {
      // Drawing a label is about a millisecond of CPU, and writes the kernel absorbs never
      // wait: without a turn of the event loop between labels, one print run would hold up
      // every other request to the gateway until it is done.
      await new Promise((resolve) => setImmediate(resolve));
      await pdf.add(label(serial));
    }
    await pdf.finish();
    res.end();
  } catch (error) {
    (res.req as { log?: { error: (o: object, m: string) => void } }).log?.error(
      { err: error },
      'the print run stopped part-way; the download was cut short',
    );
    res.destroy(error instanceof Error ? error : undefined);
  }
}
