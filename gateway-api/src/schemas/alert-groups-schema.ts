import type { AlertGroups, OpenAlertCount } from '@packtrace/chaincode/client';
import { z } from 'zod';
import { shapeOf } from './model-shape';

/** One line of the regulator's grouping: a party's open alerts for one reason code. */
export const OpenAlertCountSchema = shapeOf<OpenAlertCount>()(
  z
    .object({
      raisedBy: z.string().meta({ description: 'the GLN of the party that raised them' }),
      code: z.string().meta({
        description: 'a reason code; an alert with several reasons counts in each of them',
      }),
      open: z.number().int().meta({ description: 'how many of them are open' }),
    })
    .meta({ id: 'OpenAlertCount' }),
);

/** The open alerts grouped by raising party and reason code, largest group first. */
export const AlertGroupsSchema = shapeOf<AlertGroups>()(
  z
    .object({
      items: z.array(OpenAlertCountSchema),
      count: z.number().int().meta({ description: 'how many groups there are' }),
    })
    .meta({ id: 'AlertGroups' }),
);
