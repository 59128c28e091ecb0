export { LookupCounts, type PackLookups } from './lookup-counts';
export { NO_RECORD, patientAnswer, type PatientCheck, type PatientStatus } from './patient-answer';
export {
  PATIENT_CHECK_RATE_PER_MINUTE,
  PATIENT_LOOKUP_THRESHOLD,
  patientCheckRoutes,
  type PatientCheckServices,
} from './patient-check-router';
