import type { Response } from 'express';
import { packCodeFromFields } from '@packtrace/gs1';
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
 * Streams the labels of a batch as one PDF, in the order the batch lists its serials, paging
 * through them (200 at a time)
 * and writing each sheet as soon as it is full, so memory stays flat whatever the batch size.
 * The first page of serials is read before the first byte is sent, so a refusal (a batch of
 * another manufacturer, say) is still an ordinary JSON error. A failure after that can no longer
 * change the status: the download is cut short (never a complete-looking, partial document) and
 * the cause is logged.
 */
export async function streamPrintRun(
  listSerials: (bookmark: string) => Promise<SerialPage>,
  batch: { gtin: string; lot: string; expiry: string },
  options: PrintRunOptions,
  res: Response,
): Promise<void> {
  let page = await listSerials('');
  const label = (serial: string) =>
    layoutPackLabel(
      packCodeFromFields({ gtin: batch.gtin, serial, lot: batch.lot, expiry: batch.expiry }),
      options.symbology,
    );
  res
    .status(200)
    .type('application/pdf')
    .set('Content-Disposition', `attachment; filename="${fileName(batch, options)}"`)
    .set('Cache-Control', 'no-store');
  const pdf = new PrintRunPdf(writer(res), options.layout);
  try {
    await pdf.start();
    for (;;) {
      // Not sorted (the compact record lists a batch cell by cell), so a range reads the batch
      // to its end rather than stopping at the first serial past `to`.
      for (const serial of page.items) {
        const inRange =
          (options.from === undefined || serial >= options.from) &&
          (options.to === undefined || serial <= options.to);
        if (inRange) {
          await pdf.add(label(serial));
        }
      }
      if (page.bookmark === '' || page.items.length === 0) break;
      page = await listSerials(page.bookmark);
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
