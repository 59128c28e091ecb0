import { PARTY_ROLES, Tx } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { defineRoute } from '../http/route-definition';
import { Fields, PageQuery } from '../schemas/field-schemas';
import { PartyPageSchema } from '../schemas/page-schema';
import { PartySchema } from '../schemas/party-schema';

const GlnParams = z.strictObject({ gln: Fields.gln });
const StatusBody = z.strictObject({ reason: Fields.text(500) });

/** Trading partners and the regulator. */
export const partyRoutes = [
  defineRoute({
    method: 'get',
    path: '/parties',
    summary: 'List registered parties',
    tag: 'parties',
    rule: Tx.ListParties,
    query: PageQuery,
    response: PartyPageSchema,
    handle: ({ ledger, query }) =>
      ledger.evaluate(Tx.ListParties, String(query.pageSize ?? ''), query.bookmark ?? ''),
  }),
  defineRoute({
    method: 'get',
    path: '/parties/:gln',
    summary: 'Read a party',
    tag: 'parties',
    rule: Tx.GetParty,
    params: GlnParams,
    response: PartySchema,
    handle: ({ ledger, params }) => ledger.evaluate(Tx.GetParty, params.gln),
  }),
  defineRoute({
    method: 'post',
    path: '/parties',
    summary: 'Register a party (regulator)',
    tag: 'parties',
    rule: Tx.RegisterParty,
    writes: true,
    status: 201,
    body: z.strictObject({
      gln: Fields.gln,
      name: Fields.text(200),
      role: z.enum(PARTY_ROLES),
      mspId: z
        .string()
        .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)
        .meta({ example: 'PharmacyMSP' }),
      companyPrefixes: z
        .array(
          z
            .string()
            .regex(/^[0-9]{4,12}$/)
            .meta({ example: '9506000' }),
        )
        .max(20)
        .default([]),
    }),
    response: PartySchema,
    handle: ({ ledger, body }) =>
      ledger.submit(
        Tx.RegisterParty,
        body.gln,
        body.name,
        body.role,
        body.mspId,
        JSON.stringify(body.companyPrefixes),
      ),
  }),
  defineRoute({
    method: 'post',
    path: '/parties/:gln/authorise',
    summary: 'Authorise a party to trade (regulator)',
    tag: 'parties',
    rule: Tx.AuthoriseParty,
    writes: true,
    params: GlnParams,
    body: StatusBody,
    response: PartySchema,
    handle: ({ ledger, params, body }) => ledger.submit(Tx.AuthoriseParty, params.gln, body.reason),
  }),
  defineRoute({
    method: 'post',
    path: '/parties/:gln/suspend',
    summary: 'Suspend a party (regulator)',
    tag: 'parties',
    rule: Tx.SuspendParty,
    writes: true,
    params: GlnParams,
    body: StatusBody,
    response: PartySchema,
    handle: ({ ledger, params, body }) => ledger.submit(Tx.SuspendParty, params.gln, body.reason),
  }),
];
