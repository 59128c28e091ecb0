import { Tx } from '@packtrace/chaincode/client';
import { packCodeFromFields, packHumanReadable } from '@packtrace/gs1';
import { z } from 'zod';
import { ApiError } from '../errors/api-error';
import { defineRoute, type RouteContext } from '../http/route-definition';
import { Fields } from '../schemas/field-schemas';
import { shapeOf } from '../schemas/model-shape';
import { verificationData, type VerificationResponse } from '../vrs/verification-answer';

/*
 * GS1 Lightweight Messaging Standard for Verification of Product Identifiers (the messages US
 * Verification Router Service requestors send), answered from the ledger. The responder's base
 * URL is `/api/v1/vrs`; a lookup directory points a GTIN at it and the requestor appends the
 * pack's GS1 Digital Link path. See docs/api.md, "Verification requests from trading partners".
 */

/**
 * Every spelling GS1 Digital Link gives the link type that asks for verification: the bare term
 * (the Lightweight Messaging Standard's examples), the `gs1:` compact URI (Digital Link 1.1 and
 * later), and the GS1 Web Vocabulary term's full URI on each host the vocabulary declares
 * equivalent (`gs1.org`, `www.gs1.org`, `ref.gs1.org`). The vocabulary's IRIs are https; http is
 * accepted too, since GS1's reference resolver declared the namespace as `http://gs1.org/voc/`
 * and the scheme does not change which term is named. An enumeration, so a generated client
 * offers exactly these.
 */
const LinkType = z
  .enum([
    'verificationService',
    'gs1:verificationService',
    'https://gs1.org/voc/verificationService',
    'https://ref.gs1.org/voc/verificationService',
    'https://www.gs1.org/voc/verificationService',
    'http://gs1.org/voc/verificationService',
    'http://ref.gs1.org/voc/verificationService',
    'http://www.gs1.org/voc/verificationService',
  ])
  .meta({
    description:
      'the link type asked for: verificationService, as the bare term, the gs1: compact URI or the GS1 Web Vocabulary URI',
    example: 'gs1:verificationService',
  });
const RequestContext = z
  .string()
  .regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits or _.:-')
  .meta({ description: 'the request context', example: 'dscsaSaleableReturn' });
const CorrUuid = z
  .string()
  .regex(
    /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/,
    'must be a UUID (8-4-4-4-12 hexadecimal digits)',
  )
  .meta({
    description: 'the requestor’s correlation UUID, echoed in the answer',
    example: '21ec2020-3aea-4069-a2dd-08002b30309d',
  });
const RequestorGln = Fields.gln.meta({
  description: 'GLN of the requestor: the party the signed-in user acts for',
  // Medi Wholesale's, the demo distributor that docs/api.md's example request signs in as.
  example: '9506000000039',
});

/*
 * Parameters of later releases (`ctrlPossessAtt`, contact details) and anything else the
 * requestor adds are accepted and ignored: plain objects, not strict ones.
 */
const requestQuery = <Key extends '17' | 'exp'>(expiryKey: Key) =>
  z.object({
    linkType: LinkType,
    context: RequestContext,
    reqGLN: RequestorGln,
    corrUUID: CorrUuid,
    ...({ [expiryKey]: Fields.expiry } as Record<Key, typeof Fields.expiry>),
  });
const DigitalLinkQuery = requestQuery('17');
const ShortNameQuery = requestQuery('exp');
const PackPath = z.strictObject({ gtin: Fields.gtin, lot: Fields.lot, serial: Fields.serial });

const VerificationResponseSchema = shapeOf<VerificationResponse>()(
  z
    .object({
      verificationTimestamp: z
        .string()
        .meta({ description: 'when the ledger answered (ISO 8601)' }),
      responderGLN: z.string().meta({ description: 'GLN of the GTIN’s manufacturer' }),
      corrUUID: z.string(),
      data: z.object({
        verified: z.boolean(),
        verificationFailureReason: z
          .enum([
            'No_match_GTIN_Serial',
            'No_match_GTIN_Serial_Lot',
            'No_match_GTIN_Serial_Expiry',
            'No_match_GTIN_Serial_Lot_Expiry',
            'Not_for_re-distribution',
          ])
          .optional(),
        additionalInfo: z.enum(['Expired', 'Recalled', 'Suspect', 'Illegitimate']).optional(),
      }),
    })
    .meta({ id: 'VerificationResponse', description: 'the standard’s verification response' }),
);

/** The requestor may speak only for the party it signed in as. */
function requireOwnGln(reqGLN: string, gln: string): void {
  if (reqGLN !== gln) {
    throw new ApiError(
      403,
      'REQUESTOR_MISMATCH',
      `reqGLN ${reqGLN} is not the GLN of the party you act for (${gln})`,
    );
  }
}

interface RequestFields {
  readonly context: string;
  readonly reqGLN: string;
  readonly corrUUID: string;
}

/** Records the request on the ledger and answers it from the ledger's verdict. */
async function answer(
  { ledger, user }: Pick<RouteContext<unknown, unknown, unknown>, 'ledger' | 'user'>,
  pack: { gtin: string; lot: string; serial: string; expiry: string },
  request: RequestFields,
): Promise<VerificationResponse> {
  requireOwnGln(request.reqGLN, user.gln);
  const verdict = await ledger.submit(
    Tx.RecordVerificationRequest,
    packHumanReadable(packCodeFromFields(pack)),
    request.context,
    request.corrUUID,
  );
  if (verdict.product === null) {
    // The standard's 404: no responder is known for the GTIN. The request is on the ledger all
    // the same, so the regulator sees who asked about an unknown product.
    throw new ApiError(
      404,
      'PRODUCT_NOT_FOUND',
      `GTIN ${pack.gtin} is not registered on the ledger`,
    );
  }
  return {
    verificationTimestamp: verdict.checkedAt,
    responderGLN: verdict.product.manufacturer,
    corrUUID: request.corrUUID,
    data: verificationData(verdict),
  };
}

/** GS1 Lightweight Verification Messaging: the verification service and its connectivity check. */
export const vrsRoutes = [
  defineRoute({
    method: 'get',
    path: '/vrs/01/:gtin/10/:lot/21/:serial',
    summary:
      'Answer a GS1 verification request on a pack’s Digital Link URI (recorded on the ledger)',
    tag: 'gs1-verification',
    rule: Tx.RecordVerificationRequest,
    params: PackPath,
    query: DigitalLinkQuery,
    response: VerificationResponseSchema,
    handle: (context) =>
      answer(context, { ...context.params, expiry: context.query['17'] }, context.query),
  }),
  defineRoute({
    method: 'get',
    path: '/vrs/gtin/:gtin/lot/:lot/ser/:serial',
    summary:
      'Answer a GS1 verification request in the short-name URI form VRS requestors send (recorded on the ledger)',
    tag: 'gs1-verification',
    rule: Tx.RecordVerificationRequest,
    params: PackPath,
    query: ShortNameQuery,
    response: VerificationResponseSchema,
    handle: (context) =>
      answer(context, { ...context.params, expiry: context.query.exp }, context.query),
  }),
  defineRoute({
    method: 'get',
    path: '/vrs/checkConnectivity',
    summary: 'Check connectivity with the verification service: verifies nothing, records nothing',
    tag: 'gs1-verification',
    rule: Tx.RecordVerificationRequest,
    query: z.object({
      gtin: Fields.gtin,
      reqGLN: RequestorGln,
      context: RequestContext.optional(),
    }),
    response: z.object({ responderGLN: z.string() }).meta({
      id: 'ConnectivityCheck',
      description: 'the GLN that answers verification requests for the GTIN',
    }),
    handle: async ({ ledger, user, query }) => {
      requireOwnGln(query.reqGLN, user.gln);
      // The ledger refuses a party it does not know (403); a suspended one may still read, so
      // its status is checked here, as the recorded request's transaction checks it.
      const party = await ledger.evaluate(Tx.GetParty, user.gln);
      if (party.status !== 'authorised') {
        throw new ApiError(
          403,
          'PARTY_SUSPENDED',
          `party ${party.gln} is suspended and may not ask for verification`,
        );
      }
      const product = await ledger.evaluate(Tx.GetProduct, query.gtin);
      return { responderGLN: product.manufacturer };
    },
  }),
];
