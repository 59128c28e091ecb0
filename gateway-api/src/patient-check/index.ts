export { LookupCounts, type PackLookups } from './lookup-counts';
export { NO_RECORD, patientAnswer, type PatientCheck, type PatientStatus } from './patient-answer';
export {
  LOOKUP_REPORT,
  PATIENT_CHECK_RATE_PER_MINUTE,
  PATIENT_LOOKUP_THRESHOLD,
  patientCheckRoutes,
  type PatientCheckServices,
} from './patient-check-router';
export {
  CheckPath,
  CheckQuery,
  LookupQuery,
  LookupReportSchema,
  PatientCheckSchema,
  type LookupReport,
} from './patient-check-schemas';
