import { DECOMMISSION_REASONS, Tx } from '@packtrace/chaincode/client';
import { packEpcisDocument } from '../epcis/pack-epcis-document';
import { packLabelSvg } from '../labels/pack-label';
import { resolverBaseOf } from '../resolver/resolver-base';
import { packCodeFromFields } from '@packtrace/gs1';
import { z } from 'zod';
import { RESPONSE_SENT, defineRoute } from '../http/route-definition';
import { EpcisDocumentSchema } from '../schemas/epcis-document-schema';
import { Fields } from '../schemas/field-schemas';
import { PackHistorySchema, PackViewSchema } from '../schemas/pack-view-schema';
import { PackSchema } from '../schemas/tracked-item-schema';

const PackParams = z.strictObject({ gtin: Fields.gtin, serial: Fields.serial });

/** One pack: its record, its provenance, and what a holder can do to it. */
export const packRoutes = [
  defineRoute({
    method: 'get',
    path: '/packs/:gtin/:serial',
    summary: 'Read a pack (the regulator, or a party that has held it)',
    tag: 'packs',
    rule: Tx.GetPack,
    params: PackParams,
    response: PackViewSchema,
    handle: ({ ledger, params }) => ledger.evaluate(Tx.GetPack, params.gtin, params.serial),
  }),
  defineRoute({
    method: 'get',
    path: '/packs/:gtin/:serial/history',
    summary: 'The provenance of a pack, oldest first, with the containers it travelled in',
    tag: 'packs',
    rule: Tx.GetPackHistory,
    params: PackParams,
    response: PackHistorySchema,
    handle: ({ ledger, params }) => ledger.evaluate(Tx.GetPackHistory, params.gtin, params.serial),
  }),
  defineRoute({
    method: 'get',
    path: '/packs/:gtin/:serial/epcis',
    summary: 'The provenance of a pack as a GS1 EPCIS 2.0 JSON-LD document',
    tag: 'packs',
    rule: Tx.GetPackHistory,
    params: PackParams,
    response: EpcisDocumentSchema,
    responseType: 'application/ld+json',
    handle: async ({ ledger, params, res }) => {
      const history = await ledger.evaluate(Tx.GetPackHistory, params.gtin, params.serial);
      const batch = await ledger.evaluate(Tx.GetBatch, params.gtin, history.pack.lot);
      res.type('application/ld+json');
      return packEpcisDocument(history.pack, history.events, new Date(), batch.expiryDate);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/packs/:gtin/:serial/label.svg',
    summary:
      'A printable label: GS1 DataMatrix (element string) or QR code (GS1 Digital Link), as SVG',
    tag: 'packs',
    rule: Tx.GetPack,
    params: PackParams,
    query: z.strictObject({ symbology: z.enum(['datamatrix', 'qr']).default('datamatrix') }),
    response: z.string().meta({ description: 'the label, as SVG' }),
    responseType: 'image/svg+xml',
    handle: async ({ ledger, params, query, req, res, resolverBaseUrl }) => {
      const { pack } = await ledger.evaluate(Tx.GetPack, params.gtin, params.serial);
      const batch = await ledger.evaluate(Tx.GetBatch, pack.gtin, pack.lot);
      const code = packCodeFromFields({
        gtin: pack.gtin,
        serial: pack.serial,
        lot: pack.lot,
        expiry: batch.expiry,
      });
      res
        .type('image/svg+xml')
        .send(packLabelSvg(code, query.symbology, resolverBaseOf(req, resolverBaseUrl)));
      return RESPONSE_SENT;
    },
  }),
  defineRoute({
    method: 'post',
    path: '/packs/:gtin/:serial/dispense',
    summary: 'Dispense a pack you hold to a patient (pharmacy)',
    tag: 'packs',
    rule: Tx.Dispense,
    writes: true,
    params: PackParams,
    response: PackSchema,
    handle: ({ ledger, params }) => ledger.submit(Tx.Dispense, params.gtin, params.serial),
  }),
  defineRoute({
    method: 'post',
    path: '/packs/:gtin/:serial/decommission',
    summary: 'Take a pack you hold out of circulation, with a reason',
    tag: 'packs',
    rule: Tx.Decommission,
    writes: true,
    params: PackParams,
    body: z.strictObject({
      reason: z.enum(
        DECOMMISSION_REASONS.filter((reason) => reason !== 'dispensed') as [string, ...string[]],
      ),
      note: Fields.note(500),
    }),
    response: PackSchema,
    handle: ({ ledger, params, body }) =>
      ledger.submit(Tx.Decommission, params.gtin, params.serial, body.reason, body.note),
  }),
  defineRoute({
    method: 'post',
    path: '/packs/:gtin/:serial/undo',
    summary: 'Undo your decommissioning of a pack within 10 days',
    tag: 'packs',
    rule: Tx.UndoDecommission,
    writes: true,
    params: PackParams,
    response: PackSchema,
    handle: ({ ledger, params }) => ledger.submit(Tx.UndoDecommission, params.gtin, params.serial),
  }),
];
