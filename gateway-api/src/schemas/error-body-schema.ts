import { z } from 'zod';
import type { ApiError } from '../errors/api-error';
import { shapeOf } from './model-shape';

/** The one shape of every error the API answers, whatever its status. */
export const ErrorBodySchema = shapeOf<ReturnType<ApiError['body']>>()(
  z
    .object({
      error: z.object({
        code: z.string().meta({ description: 'machine-readable, e.g. PACK_NOT_FOUND' }),
        message: z.string().meta({ description: 'a sentence for people' }),
        details: z.unknown().optional(),
      }),
    })
    .meta({ id: 'Error' }),
);
