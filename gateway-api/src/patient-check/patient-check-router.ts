import { Tx, type Verdict } from '@packtrace/chaincode/client';
import { packCodeFromFields, packHumanReadable } from '@packtrace/gs1';
import express, { type NextFunction, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { z } from 'zod';
import { ApiError } from '../errors/api-error';
import type { User, UserDirectory } from '../identity/user-directory';
import type { GatewayMetrics } from '../http/gateway-metrics';
import { LedgerCaller } from '../ledger/ledger-caller';
import type { UserSessions } from '../ledger/user-sessions';
import { LookupCounts } from './lookup-counts';
import { NO_RECORD, patientAnswer, type PackFacts, type PatientCheck } from './patient-answer';
import { PATIENT_CHECK_CSS, patientCheckPage } from './patient-check-page';
import { CheckPath, CheckQuery, type LookupReport } from './patient-check-schemas';
import type { ProductLinksCache } from '../resolver/product-links-cache';
import { patientCheckReader } from './patient-check-reader';

/** Where the API router's requests find the lookup report (a `(threshold?) => LookupReport`). */
export const LOOKUP_REPORT = 'patientLookupReport';

/** Patient checks an address may make a minute unless configured otherwise. */
export const PATIENT_CHECK_RATE_PER_MINUTE = 30;
/** Lookups of one pack above which the regulator's list shows it. */
export const PATIENT_LOOKUP_THRESHOLD = 5;

/** What the patient check needs from the gateway. */
export interface PatientCheckServices {
  readonly sessions: UserSessions;
  readonly users: UserDirectory;
  readonly metrics: GatewayMetrics;
  /** The gateway account whose ledger session answers patients (no patient signs in). */
  readonly patientCheckReader?: string;
  readonly patientCheckRatePerMinute?: number;
  /** The country (ISO 3166 alpha-2) this gateway's packs are sold in: other origins stand out. */
  readonly patientCheckHomeCountry?: string;
  /** Products' links as last read (the leaflet comes from them), shared with the resolver. */
  readonly productLinks: ProductLinksCache;
}

/** The patient check's routes and the counts the regulator reads. */
export interface PatientCheckRoutes {
  /** Public: the page at `/check/01/…/21/…` and its JSON API under `/api/v1/check/…`. */
  readonly publicRouter: express.Router;
  /** Mounted on the API router: hands the regulator's route the lookup report. */
  readonly shareReport: (req: Request, res: Response, next: NextFunction) => void;
  readonly counts: LookupCounts;
}

async function readPack(
  services: PatientCheckServices,
  req: Request,
  params: z.infer<typeof CheckPath>,
  lot: string | undefined,
): Promise<PatientCheck> {
  const reader: User | undefined = services.users.get(
    patientCheckReader(services.users, services.patientCheckReader),
  );
  if (reader === undefined || reader.disabled) {
    throw new ApiError(
      503,
      'PATIENT_CHECK_UNAVAILABLE',
      'the patient check is not set up on this gateway',
    );
  }
  const ledger = new LedgerCaller(
    await services.sessions.sessionOf(reader),
    services.metrics,
    req.log,
    {
      settleMs: 0,
    },
  );
  const code = packHumanReadable(
    packCodeFromFields({
      gtin: params.gtin,
      serial: params.serial,
      ...(lot === undefined ? {} : { lot }),
    }),
  );
  // One read for every code, known or not, so an unknown and an unsold code cost the same.
  const verdict: Verdict = await ledger.evaluate(Tx.Verify, code);
  const facts: { -readonly [K in keyof PackFacts]: PackFacts[K] } = {};
  if (verdict.pack?.status === 'inactive' && verdict.pack.inactiveReason === 'dispensed') {
    // Only a dispensed pack's date is read: that answer is told anyway. A reader that may not
    // see this pack's record (an organisation's own account that never held it) still tells
    // the patient it was dispensed, without the day.
    const dispensedAt = await ledger
      .evaluate(Tx.GetPack, params.gtin, params.serial)
      .then((view) => view.pack.decommission?.at)
      .catch((error: unknown) => {
        req.log.warn({ err: error }, 'patient check: the dispensing day could not be read');
        return undefined;
      });
    if (dispensedAt !== undefined) {
      facts.dispensedAt = dispensedAt;
    }
  }
  if (patientAnswer(verdict).status !== 'no-record') {
    // Read only when the answer names the product: an unknown and an unsold code read the same.
    const leaflet = await leafletOf(
      services.productLinks,
      ledger,
      params.gtin,
      req.acceptsLanguages(),
    );
    if (leaflet !== undefined) {
      facts.leaflet = leaflet;
    }
  }
  return patientAnswer(verdict, facts);
}

/** The product's electronic leaflet (gs1:epil) in the patient's language if there is one. */
async function leafletOf(
  productLinks: ProductLinksCache,
  ledger: LedgerCaller,
  gtin: string,
  languages: readonly string[],
): Promise<string | undefined> {
  const { links } = await productLinks.links(gtin, () => ledger.evaluate(Tx.GetProductLinks, gtin));
  const leaflets = links.filter((link) => link.linkType === 'gs1:epil');
  const wanted = languages.map((language) => language.toLowerCase().split('-')[0]);
  const inLanguage = wanted
    .map((language) =>
      leaflets.find((link) => link.language?.toLowerCase().split('-')[0] === language),
    )
    .find((link) => link !== undefined);
  return (inLanguage ?? leaflets[0])?.href;
}

function parsed<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const result = schema.safeParse(value);
  return result.success ? result.data : undefined;
}

/**
 * The patient's check: no sign-in, limited per client address (429, Retry-After), every
 * lookup counted per pack and stated country, nothing kept about the person.
 */
export function patientCheckRoutes(services: PatientCheckServices): PatientCheckRoutes {
  const counts = new LookupCounts();
  const limit = rateLimit({
    windowMs: 60_000,
    limit: services.patientCheckRatePerMinute ?? PATIENT_CHECK_RATE_PER_MINUTE,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, res) => {
      res
        .status(429)
        .json(
          new ApiError(
            429,
            'RATE_LIMITED',
            'too many checks from your address; wait a minute and try again',
          ).body(),
        );
    },
  });
  const check = async (req: Request): Promise<PatientCheck> => {
    const params = parsed(CheckPath, req.params);
    const query = parsed(CheckQuery, req.query);
    if (params === undefined || query === undefined) {
      // A code that cannot be a pack's is told as an unknown one: same status, same words.
      return NO_RECORD;
    }
    counts.count(params.gtin, params.serial, query.country ?? 'unstated');
    return readPack(services, req, params, query.lot);
  };

  const publicRouter = express.Router();
  publicRouter.get('/check/check.css', (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=300').send(PATIENT_CHECK_CSS);
  });
  publicRouter.get('/api/v1/check/01/:gtin/21/:serial', limit, (req, res, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    check(req)
      .then((answer) => res.json(answer))
      .catch(next);
  });
  publicRouter.get('/check/01/:gtin/21/:serial', limit, (req, res, next: NextFunction) => {
    res.set('Cache-Control', 'no-store');
    check(req)
      .then((answer) => res.type('html').send(patientCheckPage(answer)))
      .catch(next);
  });

  const report = (threshold: number | undefined): LookupReport => ({
    threshold: threshold ?? PATIENT_LOOKUP_THRESHOLD,
    homeCountry: services.patientCheckHomeCountry ?? null,
    packs: counts.notable(
      threshold ?? PATIENT_LOOKUP_THRESHOLD,
      services.patientCheckHomeCountry ?? 'unstated',
    ),
  });
  // The regulator's route (routes/patient-check-routes.ts) finds the report here.
  const shareReport = (_req: Request, res: Response, next: NextFunction) => {
    res.locals[LOOKUP_REPORT] = report;
    next();
  };
  return { publicRouter, shareReport, counts };
}
