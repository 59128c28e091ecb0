import { z } from 'zod';
import { Fields } from '../schemas/field-schemas';
import { shapeOf } from '../schemas/model-shape';
import type { PackLookups } from './lookup-counts';
import type { PatientCheck } from './patient-answer';

/** The pack a patient checks, as its Digital Link path names it. */
export const CheckPath = z.strictObject({ gtin: Fields.gtin, serial: Fields.serial });

/** What else the check may say: the lot printed, and the country the client states. */
export const CheckQuery = z.strictObject({
  lot: Fields.lot.optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166 alpha-2 country code, e.g. GB')
    .optional()
    .meta({
      description: 'the country the client says it is in; counted, never stored per person',
      example: 'GB',
    }),
});

/** The patient check's answer. */
export const PatientCheckSchema = shapeOf<PatientCheck>()(
  z
    .object({
      status: z
        .enum(['no-record', 'dispensed', 'recalled', 'expired', 'do-not-use', 'out-of-circulation'])
        .meta({
          description:
            'no-record for an unknown code and for an unsold pack alike (see docs/decisions.md)',
        }),
      message: z.string().meta({ description: 'one plain sentence for the patient' }),
      product: z.string().optional().meta({ description: 'the product’s name' }),
      leaflet: z.string().optional().meta({ description: 'the electronic leaflet (gs1:epil)' }),
      dispensedOn: z
        .string()
        .optional()
        .meta({ description: 'the day it was dispensed (YYYY-MM-DD)', example: '2026-11-30' }),
    })
    .meta({ id: 'PatientCheck', description: 'what a patient is told about a pack' }),
);

/** The regulator's query of the lookup counts. */
export const LookupQuery = z.strictObject({
  threshold: z
    .string()
    .regex(/^[0-9]{1,7}$/, 'must be a whole number from 0')
    .optional()
    .meta({
      description: 'list packs looked up more than this many times (default 5)',
      example: '5',
    }),
});

const PackLookupsSchema = shapeOf<PackLookups>()(
  z.object({
    gtin: z.string(),
    serial: z.string(),
    count: z.number().int(),
    origins: z.array(
      z.object({
        origin: z.string().meta({ description: 'the country stated, or unstated' }),
        count: z.number().int(),
      }),
    ),
  }),
);

/** The lookup counts the regulator reads. */
export interface LookupReport {
  readonly threshold: number;
  readonly homeCountry: string | null;
  readonly packs: readonly PackLookups[];
}

export const LookupReportSchema = shapeOf<LookupReport>()(
  z
    .object({
      threshold: z.number().int(),
      homeCountry: z.string().nullable(),
      packs: z.array(PackLookupsSchema),
    })
    .meta({
      id: 'PatientLookupReport',
      description:
        'packs patients looked up more than `threshold` times, or from a country other than the gateway’s own',
    }),
);
