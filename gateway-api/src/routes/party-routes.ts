import { PARTY_ROLES } from '@packtrace/chaincode/client';
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
    rule: 'ListParties',
    query: PageQuery,
    response: PartyPageSchema,
    handle: ({ ledger, query }) =>
      ledger.evaluate('parties:ListParties', String(query.pageSize ?? ''), query.bookmark ?? ''),
  }),
  defineRoute({
    method: 'get',
    path: '/parties/:gln',
    summary: 'Read a party',
    tag: 'parties',
    rule: 'GetParty',
    params: GlnParams,
    response: PartySchema,
    handle: ({ ledger, params }) => ledger.evaluate('parties:GetParty', params.gln),
  }),
  defineRoute({
    method: 'post',
    path: '/parties',
    summary: 'Register a party (regulator)',
    tag: 'parties',
    rule: 'RegisterParty',
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
        'parties:RegisterParty',
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
    rule: 'AuthoriseParty',
    writes: true,
    params: GlnParams,
    body: StatusBody,
    response: PartySchema,
    handle: ({ ledger, params, body }) =>
      ledger.submit('parties:AuthoriseParty', params.gln, body.reason),
  }),
  defineRoute({
    method: 'post',
    path: '/parties/:gln/suspend',
    summary: 'Suspend a party (regulator)',
    tag: 'parties',
    rule: 'SuspendParty',
    writes: true,
    params: GlnParams,
    body: StatusBody,
    response: PartySchema,
    handle: ({ ledger, params, body }) =>
      ledger.submit('parties:SuspendParty', params.gln, body.reason),
  }),
];
