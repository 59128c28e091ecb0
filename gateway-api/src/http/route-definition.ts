import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { TransactionEntry } from '@packtrace/chaincode/client';
import type { CommissioningJobs } from '../batches/commissioning-jobs';
import type { BulkJobs } from '../bulk/bulk-jobs';
import type { EpcisServices } from '../epcis/epcis-services';
import type { UserAdministration } from '../identity/user-administration';
import type { User } from '../identity/user-directory';
import type { PrintRuns } from '../labels/print-runs';
import type { LedgerCaller } from '../ledger/ledger-caller';
import type { ProductLinksCache } from '../resolver/product-links-cache';

/** The success statuses a route may answer. */
export type SuccessStatus = 200 | 201 | 202;

/** The media types of the API's answers. */
export type ResponseMediaType =
  'application/json' | 'application/ld+json' | 'image/svg+xml' | 'application/pdf';

/** What a handler receives: the validated input, the signed-in user, and their ledger. */
export interface RouteContext<Params, Query, Body> {
  readonly params: Params;
  readonly query: Query;
  readonly body: Body;
  /** The signed-in user (absent only on public routes). */
  readonly user: User;
  readonly ledger: LedgerCaller;
  readonly jobs: CommissioningJobs;
  /** Bulk verification, dispensing and decommissioning of lists of packs. */
  readonly bulkJobs: BulkJobs;
  /** The organisations' gateway accounts, for administrators' routes. */
  readonly accounts: UserAdministration;
  /** The print runs in progress, within their bounds. */
  readonly printRuns: PrintRuns;
  /** The EPCIS routes' capture jobs and page-token key. */
  readonly epcis: EpcisServices;
  /**
   * Present when the request carries an Idempotency-Key: the same for every retry of it, so
   * what a handler generates (serials, a job id) is the same each time.
   */
  readonly idempotencySeed?: string;
  /** The consortium resolver's base URL as configured (`RESOLVER_BASE_URL`), for printed labels. */
  readonly resolverBaseUrl?: string;
  /** Products' links as the resolver keeps them: a route that sets them updates it. */
  readonly productLinks: ProductLinksCache;
  readonly req: Request;
  readonly res: Response;
}

/**
 * One route of the API, declared once: its path, who may call it, the schemas that validate
 * its input (and from which the OpenAPI document is generated), and what it does.
 */
export interface RouteDefinition<
  Params extends z.ZodType = z.ZodType,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType = z.ZodType,
> {
  readonly method: 'get' | 'post';
  /** Express path under /api/v1, e.g. `/products/:gtin`. */
  readonly path: string;
  readonly summary: string;
  /** More than the summary says, for the OpenAPI document (what its schemas cannot express). */
  readonly description?: string;
  readonly tag: string;
  /**
   * The catalogue's entry of the chaincode transaction whose role rule the gateway mirrors
   * before calling the ledger (`Tx.Verify`: the roles are the catalogue's, not restated), or
   * `signed-in` for routes any signed-in user may call (sign-in itself is not a declared route),
   * or `administrator` for the routes only a company's administrator may call (the
   * gateway's accounts, which the ledger knows nothing of).
   */
  readonly rule: TransactionEntry | 'signed-in' | 'administrator';
  readonly params?: Params;
  readonly query?: Query;
  readonly body?: Body;
  /**
   * What the route answers with `status`: a precise schema, tied where it can be to the
   * chaincode's or the gateway's types (see schemas/model-shape.ts), never a generic record.
   * The OpenAPI document, and so every generated client, takes its types from it, and the
   * test gateways check each answer against it.
   */
  readonly response: z.ZodType;
  /** The media type of the answer; JSON unless set (labels are SVG, print runs PDF). */
  readonly responseType?: ResponseMediaType;
  /**
   * Other media types the same answer is given as, chosen by the request's Accept header
   * (`responseType` when any type will do, or none is named); an Accept that allows none of them is 406.
   */
  readonly alternativeResponseTypes?: readonly ResponseMediaType[];
  /** Other success answers the route gives, by status (a request that became a job: 202). */
  readonly otherResponses?: Readonly<Partial<Record<SuccessStatus, z.ZodType>>>;
  /** 201 for creations; 200 otherwise. */
  readonly status?: SuccessStatus;
  /** Largest accepted body; defaults to 1 MiB. */
  readonly bodyLimit?: string;
  /** Writes honour the Idempotency-Key header. */
  readonly writes?: boolean;
  /**
   * Error statuses the route answers beyond those its shape implies (see
   * `routeErrorStatuses`): 429 where the gateway bounds how much a user or party may use it, 422
   * where a read can ask for more than the gateway serves at once, 413 where a query's answer can
   * be larger than the gateway gathers.
   */
  readonly extraErrorStatuses?: readonly (413 | 422 | 429)[];
  readonly handle: (
    context: RouteContext<z.infer<Params>, z.infer<Query>, z.infer<Body>>,
  ) => Promise<unknown>;
}

/** Returned by a handler that wrote a non-JSON response itself. */
export const RESPONSE_SENT = Symbol('response sent');

/** Declares a route with its types inferred from its schemas. */
export function defineRoute<
  Params extends z.ZodType,
  Query extends z.ZodType,
  Body extends z.ZodType,
>(definition: RouteDefinition<Params, Query, Body>): RouteDefinition {
  return definition;
}
