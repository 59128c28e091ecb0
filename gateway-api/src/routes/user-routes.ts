import { Tx } from '@packtrace/chaincode/client';
import type { Party } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { ApiError } from '../errors/api-error';
import { toApiError } from '../http/error-response';
import { defineRoute } from '../http/route-definition';
import { Fields } from '../schemas/field-schemas';
import { UserSummarySchema } from '../schemas/user-schema';

const Username = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._@-]{2,63}$/,
    '3-64 lowercase letters, digits, dots, dashes, underscores or @, starting with a letter or digit',
  )
  .meta({
    description: 'a gateway username (also the name of its identity at the CA)',
    example: 'pharmacist-3',
  });
/** Every place a password is set applies the one rule (field-schemas.ts). */
const Password = Fields.password;
const UsernameParams = z.strictObject({ username: Username });
/**
 * The gateway accounts of the administrator's company. Only a company administrator calls
 * these, and only for users of its own party: a sister company hosted by the same organisation
 * is refused too. The ledger is asked only which party a new user will act for.
 */
export const userRoutes = [
  defineRoute({
    method: 'get',
    path: '/users',
    summary: 'List your company’s users (company administrator)',
    tag: 'users',
    rule: 'administrator',
    response: z.object({ items: z.array(UserSummarySchema) }).meta({ id: 'UserList' }),
    handle: ({ accounts, user }) => Promise.resolve({ items: accounts.list(user) }),
  }),
  defineRoute({
    method: 'post',
    path: '/users',
    summary:
      'Add a user for your company, enrolled by its organisation’s CA (company administrator)',
    tag: 'users',
    rule: 'administrator',
    status: 201,
    bodyLimit: '4kb',
    body: z.strictObject({ username: Username, password: Password, gln: Fields.gln }),
    response: UserSummarySchema,
    handle: async ({ accounts, user, ledger, body }) => {
      let party: Party;
      try {
        party = await ledger.evaluate(Tx.GetParty, body.gln);
      } catch (error) {
        if (toApiError(error).code !== 'PARTY_NOT_FOUND') {
          throw error;
        }
        throw new ApiError(
          422,
          'PARTY_NOT_IN_ORGANISATION',
          `no party with GLN ${body.gln} is registered for your organisation`,
        );
      }
      return accounts.add(user, body, party);
    },
  }),
  defineRoute({
    method: 'post',
    path: '/users/:username/password',
    summary: 'Set a user’s password, ending every token it holds (company administrator)',
    tag: 'users',
    rule: 'administrator',
    bodyLimit: '4kb',
    params: UsernameParams,
    body: z.strictObject({ password: Password }),
    response: UserSummarySchema,
    handle: ({ accounts, user, params, body }) =>
      accounts.resetPassword(user, params.username, body.password),
  }),
  defineRoute({
    method: 'post',
    path: '/users/:username/disable',
    summary:
      'Disable a user: its tokens end at once, it can no longer sign in or act (company administrator)',
    tag: 'users',
    rule: 'administrator',
    params: UsernameParams,
    response: UserSummarySchema,
    handle: ({ accounts, user, params }) => accounts.disable(user, params.username),
  }),
  defineRoute({
    method: 'post',
    path: '/users/:username/enable',
    summary: 'Enable a disabled user again, with a fresh certificate (company administrator)',
    tag: 'users',
    rule: 'administrator',
    params: UsernameParams,
    response: UserSummarySchema,
    handle: ({ accounts, user, params }) => accounts.enable(user, params.username),
  }),
];
