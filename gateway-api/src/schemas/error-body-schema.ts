import { z } from 'zod';
import type { ApiError } from '../errors/api-error';
import type { ProblemBody } from '../errors/problem-details';
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

/**
 * The error shape of the EPCIS routes: RFC 7807 problem details with EPCIS 2.0's exception
 * types, the API's code kept as an extension member.
 */
export const ProblemBodySchema = shapeOf<ProblemBody>()(
  z
    .object({
      type: z.string().meta({
        description:
          'the EPCIS 2.0 exception, e.g. epcisException:QueryParameterException (about:blank where the binding names none)',
      }),
      title: z.string().meta({ description: 'the exception in a few words' }),
      status: z.number().int().meta({ description: 'the HTTP status' }),
      detail: z.string().meta({ description: 'a sentence for people' }),
      code: z
        .string()
        .meta({ description: 'the API’s machine-readable code, e.g. PAGE_TOKEN_INVALID' }),
      details: z.unknown().optional(),
    })
    .meta({ id: 'EpcisProblem' }),
);
