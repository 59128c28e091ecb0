import type { RouteDefinition } from '../http/route-definition';
import { alertCaseRoutes } from './alert-case-routes';
import { alertRoutes } from './alert-routes';
import { authRoutes } from './auth-routes';
import { batchRoutes } from './batch-routes';
import { bulkJobRoutes } from './bulk-job-routes';
import { caseOperationRoutes } from './case-operation-routes';
import { containerRoutes } from './container-routes';
import { epcisCaptureRoutes } from './epcis-capture-routes';
import { epcisQueryRoutes } from './epcis-query-routes';
import { inventoryRoutes } from './inventory-routes';
import { packRoutes } from './pack-routes';
import { partyRoutes } from './party-routes';
import { patientCheckRoutes } from './patient-check-routes';
import { printRunRoutes } from './print-run-routes';
import { productRoutes } from './product-routes';
import { shipmentRoutes } from './shipment-routes';
import { traceRequestRoutes } from './trace-request-routes';
import { userRoutes } from './user-routes';
import { verificationRoutes } from './verification-routes';
import { vrsRoutes } from './vrs-routes';

/** Every route of API version 1. */
export const API_ROUTES: readonly RouteDefinition[] = [
  ...authRoutes,
  ...partyRoutes,
  ...productRoutes,
  ...batchRoutes,
  ...printRunRoutes,
  ...containerRoutes,
  ...shipmentRoutes,
  ...inventoryRoutes,
  ...verificationRoutes,
  ...vrsRoutes,
  ...epcisCaptureRoutes,
  ...epcisQueryRoutes,
  ...caseOperationRoutes,
  ...bulkJobRoutes,
  ...packRoutes,
  ...alertRoutes,
  ...alertCaseRoutes,
  ...userRoutes,
  ...traceRequestRoutes,
  ...patientCheckRoutes,
];
