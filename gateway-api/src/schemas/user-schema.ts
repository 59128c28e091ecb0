import { PARTY_ROLES } from '@packtrace/chaincode/client';
import { z } from 'zod';
import type { UserSummary } from '../identity/user-administration';
import { shapeOf } from './model-shape';
import { PartySchema } from './party-schema';

/** A gateway account as its company's administrator sees it. */
export const UserSummarySchema = shapeOf<UserSummary>()(
  z
    .object({
      username: z.string(),
      role: z.enum(PARTY_ROLES),
      gln: z.string(),
      admin: z.boolean(),
      disabled: z.boolean(),
    })
    .meta({ id: 'UserSummary' }),
);

/** The signed-in user and the party they act for. */
export const MeSchema = z
  .object({
    username: z.string(),
    role: z.enum(PARTY_ROLES),
    gln: z.string(),
    mspId: z.string(),
    admin: z.boolean().meta({ description: 'manages its own company’s (party’s) users' }),
    party: PartySchema,
  })
  .meta({ id: 'Me' });
