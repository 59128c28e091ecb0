import { ALERT_SCOPES, ALERT_STATUSES, Tx } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { defineRoute } from '../http/route-definition';
import { AlertGroupsSchema } from '../schemas/alert-groups-schema';
import { AlertSchema } from '../schemas/alert-schema';
import { Fields } from '../schemas/field-schemas';
import { AlertPageSchema } from '../schemas/page-schema';

/** Suspect packs and the regulator's decisions. */
export const alertRoutes = [
  defineRoute({
    method: 'post',
    path: '/alerts',
    summary:
      'Flag a pack as suspect; it is quarantined if you hold it (any pack, for the regulator)',
    tag: 'alerts',
    rule: Tx.FlagPack,
    writes: true,
    extraErrorStatuses: [429],
    status: 201,
    body: z.strictObject({ gtin: Fields.gtin, serial: Fields.serial, note: Fields.text(1000) }),
    response: AlertSchema,
    handle: ({ ledger, body }) => ledger.submit(Tx.FlagPack, body.gtin, body.serial, body.note),
  }),
  defineRoute({
    method: 'get',
    path: '/alerts',
    summary:
      'Alerts, filtered before they are paged: the regulator’s of one status (open unless `status` names another), of one `reporter` and reason `code` if given; for anyone else those its party raised (`scope=raised`, the default) or those about its stock (`scope=stock`), of every status unless `status` names one; a manufacturer’s about packs of its products (`scope=product`, every status)',
    tag: 'alerts',
    rule: Tx.ListAlerts,
    query: z.strictObject({
      scope: z.enum(ALERT_SCOPES).optional(),
      status: z.enum(ALERT_STATUSES).optional(),
      reporter: Fields.gln.optional(),
      code: z
        .string()
        .regex(/^[A-Z][A-Z_]{0,63}$/, 'a reason code such as UNKNOWN_SERIAL')
        .optional()
        .meta({ example: 'UNKNOWN_SERIAL' }),
      pageSize: Fields.pageSize,
      bookmark: Fields.bookmark,
    }),
    response: AlertPageSchema,
    handle: ({ ledger, query }) =>
      ledger.evaluate(
        Tx.ListAlerts,
        query.scope ?? '',
        query.status ?? '',
        query.reporter ?? '',
        query.code ?? '',
        String(query.pageSize ?? ''),
        query.bookmark ?? '',
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/alerts/groups',
    summary:
      'Open alerts grouped by the party that raised them and reason code, largest group first: a flood from one reporter is one line (regulator)',
    tag: 'alerts',
    rule: Tx.AlertGroups,
    response: AlertGroupsSchema,
    handle: ({ ledger }) => ledger.evaluate(Tx.AlertGroups),
  }),
  defineRoute({
    method: 'get',
    path: '/alerts/summary',
    summary:
      'How many alerts there are, open, confirmed and cleared: the regulator’s dashboard counts, without replaying events (regulator)',
    tag: 'alerts',
    rule: Tx.AlertSummary,
    response: z.strictObject({
      raised: z.number().int(),
      open: z.number().int(),
      confirmed: z.number().int(),
      cleared: z.number().int(),
    }),
    handle: ({ ledger }) => ledger.evaluate(Tx.AlertSummary),
  }),
  defineRoute({
    method: 'get',
    path: '/alerts/:id',
    summary:
      'Read an alert and its case: state, timeline, root cause, verification requests (its raiser, a holder of its stock, the product’s manufacturer, the regulator)',
    tag: 'alerts',
    rule: Tx.GetAlert,
    params: z.strictObject({ id: Fields.recordId }),
    response: AlertSchema,
    handle: ({ ledger, params }) => ledger.evaluate(Tx.GetAlert, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/alerts/:id/resolve',
    summary: 'Resolve an alert: confirmed (out of circulation) or cleared (regulator)',
    tag: 'alerts',
    rule: Tx.ResolveAlert,
    writes: true,
    params: z.strictObject({ id: Fields.recordId }),
    body: z.strictObject({ outcome: z.enum(['confirmed', 'cleared']), note: Fields.text(1000) }),
    response: AlertSchema,
    handle: ({ ledger, params, body }) =>
      ledger.submit(Tx.ResolveAlert, params.id, body.outcome, body.note),
  }),
];
