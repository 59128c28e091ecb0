import { z } from 'zod';
import { defineRoute } from '../http/route-definition';
import { Fields, LedgerRecord, PageOf } from '../schemas/field-schemas';

/** Suspect packs and the regulator's decisions. */
export const alertRoutes = [
  defineRoute({
    method: 'post',
    path: '/alerts',
    summary:
      'Flag a pack as suspect; it is quarantined if you hold it (any pack, for the regulator)',
    tag: 'alerts',
    rule: 'FlagPack',
    writes: true,
    status: 201,
    body: z.strictObject({ gtin: Fields.gtin, serial: Fields.serial, note: Fields.text(1000) }),
    response: LedgerRecord,
    handle: ({ ledger, body }) =>
      ledger.submit('alerts:FlagPack', body.gtin, body.serial, body.note),
  }),
  defineRoute({
    method: 'get',
    path: '/alerts',
    summary:
      'Alerts: the regulator’s of one status (open unless `status` names another), your own for anyone else',
    tag: 'alerts',
    rule: 'ListAlerts',
    query: z.strictObject({
      status: z.enum(['open', 'confirmed', 'cleared']).optional(),
      pageSize: Fields.pageSize,
      bookmark: Fields.bookmark,
    }),
    response: PageOf,
    handle: ({ ledger, query }) =>
      ledger.evaluate(
        'alerts:ListAlerts',
        query.status ?? '',
        String(query.pageSize ?? ''),
        query.bookmark ?? '',
      ),
  }),
  defineRoute({
    method: 'get',
    path: '/alerts/summary',
    summary:
      'How many alerts there are, open, confirmed and cleared: the regulator’s dashboard counts, without replaying events (regulator)',
    tag: 'alerts',
    rule: 'AlertSummary',
    response: z.strictObject({
      raised: z.number().int(),
      open: z.number().int(),
      confirmed: z.number().int(),
      cleared: z.number().int(),
    }),
    handle: ({ ledger }) => ledger.evaluate('alerts:AlertSummary'),
  }),
  defineRoute({
    method: 'get',
    path: '/alerts/:id',
    summary: 'Read an alert',
    tag: 'alerts',
    rule: 'GetAlert',
    params: z.strictObject({ id: Fields.recordId }),
    response: LedgerRecord,
    handle: ({ ledger, params }) => ledger.evaluate('alerts:GetAlert', params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/alerts/:id/resolve',
    summary: 'Resolve an alert: confirmed (out of circulation) or cleared (regulator)',
    tag: 'alerts',
    rule: 'ResolveAlert',
    writes: true,
    params: z.strictObject({ id: Fields.recordId }),
    body: z.strictObject({ outcome: z.enum(['confirmed', 'cleared']), note: Fields.text(1000) }),
    response: LedgerRecord,
    handle: ({ ledger, params, body }) =>
      ledger.submit('alerts:ResolveAlert', params.id, body.outcome, body.note),
  }),
];
