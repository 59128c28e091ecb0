import { parsePackCode, validateSscc } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { containerContents } from '../domain/container-packs';
import { requireContainer, requireContainerReader } from '../domain/items';
import { recordScan, recordVerification } from '../domain/recorded-scans';
import { assessPack } from '../domain/verification';
import { authorise } from '../identity/caller';
import { gs1, parseJsonArgument, requireText } from '../ledger/arguments';
import { TraceContext } from '../ledger/trace-context';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import type { VerificationRequest } from '../model/scan';
import {
  MAX_PACKS_PER_TRANSACTION,
  type ContainerVerdicts,
  type ListedVerdict,
} from '../model/bulk-operations';
import type { RecordedVerdict } from '../model/transaction-results';
import type { Verdict, VerdictReasonCode } from '../model/verdict';
import { TraceContract } from './trace-contract';

/**
 * Reasons about the asker's own custody. A verification request asks whether the product
 * identifier is one the manufacturer commissioned and in what state it is, not whether the asker
 * holds it: a wholesaler verifies a saleable return that the ledger still shows with the pharmacy
 * that sent it back.
 */
const CUSTODY_REASONS: readonly VerdictReasonCode[] = ['IN_TRANSIT', 'NOT_IN_CUSTODY'];

/** A request context word, e.g. `dscsaSaleableReturn`. */
const CONTEXT = /^[A-Za-z0-9_.:-]{1,64}$/;
/** A correlation UUID: 8-4-4-4-12 hexadecimal digits. */
const CORR_UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** Is this pack genuine and may it be handed over? */
export class VerificationContract extends TraceContract {
  constructor() {
    super('verification');
  }

  /** A read-only check of any code form: the verdict and its reasons. */
  @Transaction(false)
  @Returns('string')
  async Verify(ctx: TraceContext, code: string): Promise<string> {
    const caller = await authorise(ctx, 'Verify');
    const packCode = gs1(() => parsePackCode(code));
    return this.result((await assessPack(ctx, caller, packCode)).verdict);
  }

  /**
   * A verification recorded on the ledger (who, where, when). A scan that finds a counterfeit,
   * clone or diversion signal raises an alert and puts a pack still in circulation under
   * investigation.
   */
  @Transaction()
  @Returns('string')
  async RecordScan(ctx: TraceContext, code: string): Promise<string> {
    const caller = await authorise(ctx, 'RecordScan');
    const packCode = gs1(() => parsePackCode(code));
    return this.result((await recordScan(ctx, caller, packCode)).recorded);
  }

  /**
   * A trading partner's GS1 Lightweight Verification Messaging request (a VRS request), answered
   * and recorded: who asked about which identifier, in which context, under which correlation
   * UUID, and what was found. The answer judges the identifier and the pack's state, not the
   * asker's custody; it raises no alert and quarantines nothing (the requestor, told the product
   * is not verified, flags it if it decides it is suspect).
   */
  @Transaction()
  @Returns('string')
  async RecordVerificationRequest(
    ctx: TraceContext,
    code: string,
    context: string,
    corrUUID: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'RecordVerificationRequest');
    const packCode = gs1(() => parsePackCode(code));
    const requestContext = requireText(context, 'context', 64);
    if (!CONTEXT.test(requestContext)) {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'context must be 1-64 letters, digits or _.:-',
      );
    }
    if (!CORR_UUID.test(corrUUID)) {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'corrUUID must be a UUID (8-4-4-4-12 hex digits)',
      );
    }
    const { verdict: assessed, pack } = await assessPack(ctx, caller, packCode);
    const reasons = assessed.reasons.filter((reason) => !CUSTODY_REASONS.includes(reason.code));
    const verdict = {
      ...assessed,
      verdict: reasons.length === 0 ? ('AUTHENTIC_ACTIVE' as const) : ('DO_NOT_SUPPLY' as const),
      reasons,
    };
    const request: VerificationRequest = {
      protocol: 'gs1-lightweight-verification',
      context: requestContext,
      corrUUID,
    };
    const { txId } = await recordVerification(ctx, caller, packCode, {
      verdict,
      at: verdict.checkedAt,
      alertId: null,
      // An observation changes nothing: the pack keeps its disposition.
      disposition: pack?.lastEvent.disposition ?? 'active',
      request,
    });
    return this.result({
      ...verdict,
      scan: { txId, alertId: null, request },
    } satisfies RecordedVerdict);
  }

  /**
   * The verdict of every pack inside a case or pallet, read from the ledger's aggregation without
   * unpacking it, refused packs first (the regulator, or a party that has held the container).
   */
  @Transaction(false)
  @Returns('string')
  async VerifyContainer(ctx: TraceContext, sscc: string): Promise<string> {
    const caller = await authorise(ctx, 'VerifyContainer');
    const container = await requireContainer(
      ctx,
      gs1(() => validateSscc(sscc)),
    );
    await requireContainerReader(ctx, caller, container, 'verify its contents');
    const { packs } = await containerContents(ctx, container);
    const verdicts: Verdict[] = [];
    for (const pack of packs) {
      const packCode = {
        kind: 'pack' as const,
        gtin: pack.gtin,
        serial: pack.serial,
        lot: pack.lot,
      };
      verdicts.push((await assessPack(ctx, caller, packCode)).verdict);
    }
    const refused = verdicts.filter((verdict) => verdict.verdict !== 'AUTHENTIC_ACTIVE');
    return this.result({
      sscc: container.sscc,
      kind: container.kind,
      total: verdicts.length,
      doNotSupply: refused.length,
      verdicts: [
        ...refused,
        ...verdicts.filter((verdict) => verdict.verdict === 'AUTHENTIC_ACTIVE'),
      ],
    } satisfies ContainerVerdicts);
  }

  /**
   * A read-only check of a list of codes (at most one transaction's worth): each one's verdict,
   * or why it could not be read, in the order sent.
   */
  @Transaction(false)
  @Returns('string')
  async VerifyPacks(ctx: TraceContext, codes: string): Promise<string> {
    const caller = await authorise(ctx, 'VerifyPacks');
    const list = parseJsonArgument(codes, 'codes');
    if (
      !Array.isArray(list) ||
      list.some((entry) => typeof entry !== 'string') ||
      list.length === 0
    ) {
      throw new ChaincodeRefusal('INVALID_ARGUMENT', 'codes must be a JSON array of pack codes');
    }
    if (list.length > MAX_PACKS_PER_TRANSACTION) {
      throw new ChaincodeRefusal(
        'LIMIT_EXCEEDED',
        `codes may name at most ${MAX_PACKS_PER_TRANSACTION} packs, got ${list.length}`,
        { max: MAX_PACKS_PER_TRANSACTION },
      );
    }
    const answers: ListedVerdict[] = [];
    for (const input of list as string[]) {
      try {
        const packCode = gs1(() => parsePackCode(input));
        answers.push({
          input,
          verdict: (await assessPack(ctx, caller, packCode)).verdict,
          error: null,
        });
      } catch (error) {
        if (!(error instanceof ChaincodeRefusal)) {
          throw error;
        }
        answers.push({
          input,
          verdict: null,
          error: { code: error.code, message: error.body.message },
        });
      }
    }
    return this.result(answers);
  }
}
