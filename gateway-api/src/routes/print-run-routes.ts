import { Tx } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { RESPONSE_SENT, defineRoute } from '../http/route-definition';
import { streamPrintRun } from '../labels/print-run';
import { resolverBaseOf } from '../resolver/resolver-base';
import { Fields } from '../schemas/field-schemas';

/** Print runs: the labels of a batch as one printable document. */
export const printRunRoutes = [
  defineRoute({
    method: 'get',
    path: '/batches/:gtin/:lot/labels',
    summary:
      'Print run: one PDF with the labels of the batch, or of the serials from `from` to `to` (inclusive, in the order the batch lists them), on A4 sheets or one label per page for a label-roll printer; streamed (its manufacturer and the regulator)',
    tag: 'batches',
    rule: Tx.ListBatchPacks,
    extraErrorStatuses: [422, 429],
    params: z.strictObject({ gtin: Fields.gtin, lot: Fields.lot }),
    query: z
      .strictObject({
        symbology: z.enum(['datamatrix', 'qr']).default('datamatrix'),
        layout: z.enum(['a4', 'roll']).default('a4'),
        from: Fields.serial.optional(),
        to: Fields.serial.optional(),
      })
      .refine(
        (query) => !(query.from !== undefined && query.to !== undefined && query.from > query.to),
        {
          message: '`from` comes after `to`',
        },
      ),
    response: z.string().meta({ description: 'the labels, as PDF' }),
    responseType: 'application/pdf',
    handle: async ({ ledger, params, query, user, printRuns, req, res, resolverBaseUrl }) => {
      // Taken before anything is read, so a party's runs beyond its bound cost nothing.
      const release = printRuns.take(user.gln);
      try {
        const batch = await ledger.evaluate(Tx.GetBatch, params.gtin, params.lot);
        await streamPrintRun(
          (bookmark) =>
            ledger.evaluate(Tx.ListBatchPacks, params.gtin, params.lot, '200', bookmark),
          batch,
          { ...query, resolverBase: resolverBaseOf(req, resolverBaseUrl) },
          printRuns.maxLabels,
          res,
        );
      } finally {
        release();
      }
      return RESPONSE_SENT;
    },
  }),
];
