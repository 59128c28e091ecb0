import { ApiError } from '../errors/api-error';
import { defineRoute } from '../http/route-definition';
import {
  LOOKUP_REPORT,
  LookupQuery,
  LookupReportSchema,
  type LookupReport,
} from '../patient-check';

/*
 * The patient check itself needs no sign-in and is served before the API's authentication
 * (patient-check/patient-check-router.ts); only its counts, for the regulator, are here.
 */

/** The regulator's view of patients' lookups (issue 26, item 3). */
export const patientCheckRoutes = [
  defineRoute({
    method: 'get',
    path: '/check-lookups',
    summary:
      'List packs patients looked up often or from an unexpected country (the regulator only)',
    description:
      'Counted per pack and per country the client stated, in this gateway’s memory since it started; no address or person is kept.',
    tag: 'patient-check',
    rule: 'signed-in',
    query: LookupQuery,
    response: LookupReportSchema,
    handle: ({ user, query, res }) => {
      if (user.role !== 'regulator') {
        throw new ApiError(
          403,
          'ROLE_FORBIDDEN',
          'only the regulator reads the counts of patients’ lookups',
        );
      }
      const report = res.locals[LOOKUP_REPORT] as (threshold?: number) => LookupReport;
      return Promise.resolve(
        report(query.threshold === undefined ? undefined : Number(query.threshold)),
      );
    },
  }),
];
