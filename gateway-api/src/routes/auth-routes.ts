import { Tx } from '@packtrace/chaincode/client';
import { defineRoute } from '../http/route-definition';
import { MeSchema } from '../schemas/user-schema';

/**
 * Who is signed in. The sign-in route itself (POST /auth/token) is served by the app, since it
 * runs before there is a user.
 */
export const authRoutes = [
  defineRoute({
    method: 'get',
    path: '/me',
    summary: 'The signed-in user and the party they act for',
    tag: 'auth',
    rule: 'signed-in',
    response: MeSchema,
    handle: async ({ user, ledger }) => ({
      username: user.username,
      role: user.role,
      gln: user.gln,
      mspId: user.mspId,
      admin: user.admin,
      party: await ledger.evaluate(Tx.GetParty, user.gln),
    }),
  }),
];
