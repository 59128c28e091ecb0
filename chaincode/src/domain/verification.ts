import type { PackCode } from '@packtrace/gs1';
import type { CertifiedCaller } from '../identity/caller';
import { Keys } from '../ledger/keys';
import { readRecord } from '../ledger/state';
import { transactionTime } from '../ledger/transaction-time';
import type { TraceContext } from '../ledger/trace-context';
import type { Batch } from '../model/batch';
import type { Product } from '../model/product';
import type { Pack } from '../model/tracked-item';
import type { Verdict, VerdictReason, VerdictReasonCode } from '../model/verdict';
import { findBatch, isExpired } from './batches';
import { ancestorsOf, effectiveCustody, findItem } from './items';

/**
 * Each reason's plain-words message, its EU hub alert where one exists, and whether a recorded
 * scan with it raises an alert (EU practice: recall and expiry are statuses, not alerts).
 */
const REASONS: Readonly<
  Record<VerdictReasonCode, { message: string; euAlert: string | null; raisesAlert: boolean }>
> = {
  UNKNOWN_PRODUCT: {
    message: 'The product (GTIN) is not registered: possible counterfeit.',
    euAlert: null,
    raisesAlert: true,
  },
  UNKNOWN_BATCH: {
    message: 'The batch on the pack is not known for this product.',
    euAlert: 'A2',
    raisesAlert: true,
  },
  UNKNOWN_SERIAL: {
    message: 'The serial number is not known: possible counterfeit.',
    euAlert: 'A3',
    raisesAlert: true,
  },
  SERIAL_UNDER_OTHER_BATCH: {
    message: 'The serial belongs to a different batch than the one printed.',
    euAlert: 'A68',
    raisesAlert: true,
  },
  EXPIRY_MISMATCH: {
    message: 'The expiry date printed does not match the batch.',
    euAlert: 'A52',
    raisesAlert: true,
  },
  PACK_INACTIVE: {
    message: 'The pack has already left circulation',
    euAlert: 'A24',
    raisesAlert: true,
  },
  BATCH_RECALLED: { message: 'The batch has been recalled.', euAlert: null, raisesAlert: false },
  EXPIRED: { message: 'The pack is past its expiry date.', euAlert: null, raisesAlert: false },
  IN_TRANSIT: {
    message: 'The pack is in transit to you; confirm receipt of the shipment first.',
    euAlert: null,
    raisesAlert: false,
  },
  NOT_IN_CUSTODY: {
    message: 'The pack was never received by you: possible diversion.',
    euAlert: null,
    raisesAlert: true,
  },
  UNDER_INVESTIGATION: {
    message: 'The pack is under investigation.',
    euAlert: null,
    raisesAlert: false,
  },
  ILLEGITIMATE: {
    message: 'The pack has been confirmed counterfeit or illegitimate.',
    euAlert: null,
    raisesAlert: true,
  },
};

function reason(code: VerdictReasonCode, suffix = ''): VerdictReason {
  const entry = REASONS[code];
  return {
    code,
    message: entry.message + suffix,
    euAlert: entry.euAlert,
    raisesAlert: entry.raisesAlert,
  };
}

/** The verdict together with the pack record it was based on (for recorded scans). */
export interface Assessment {
  readonly verdict: Verdict;
  readonly pack: Pack | undefined;
}

/**
 * Decides whether a pack may be handed over, listing every reason it may not. Custody is judged
 * for trading parties only; the regulator inspects anywhere.
 */
export async function assessPack(
  ctx: TraceContext,
  caller: CertifiedCaller,
  code: PackCode,
): Promise<Assessment> {
  const reasons: VerdictReason[] = [];
  const product = await readRecord<Product>(ctx, Keys.product(ctx, code.gtin));
  let batch: Batch | undefined;
  let pack: Pack | undefined;
  let inCallersCustody = false;

  if (product === undefined) {
    reasons.push(reason('UNKNOWN_PRODUCT'));
  } else {
    pack = (await findItem(ctx, { type: 'pack', gtin: code.gtin, serial: code.serial })) as
      Pack | undefined;
    if (pack === undefined) {
      batch = code.lot === undefined ? undefined : await findBatch(ctx, code.gtin, code.lot);
      if (code.lot !== undefined && batch === undefined) {
        reasons.push(reason('UNKNOWN_BATCH'));
      }
      reasons.push(reason('UNKNOWN_SERIAL'));
    } else {
      if (code.lot !== undefined && code.lot !== pack.lot) {
        reasons.push(reason('SERIAL_UNDER_OTHER_BATCH'));
      }
      batch = await findBatch(ctx, pack.gtin, pack.lot);
      if (
        batch !== undefined &&
        code.expiryDate !== undefined &&
        code.expiryDate !== batch.expiryDate
      ) {
        reasons.push(reason('EXPIRY_MISMATCH'));
      }
      if (batch?.status === 'recalled') {
        reasons.push(reason('BATCH_RECALLED'));
      }
      if (batch !== undefined && isExpired(ctx, batch)) {
        reasons.push(reason('EXPIRED'));
      }
      const ancestors = await ancestorsOf(ctx, pack);
      const custody = effectiveCustody(pack, ancestors);
      const held = [pack, ...ancestors];
      if (pack.status === 'inactive') {
        reasons.push(
          reason(
            'PACK_INACTIVE',
            pack.decommission === null ? '.' : ` (${pack.decommission.reason.replace('_', ' ')}).`,
          ),
        );
      } else if (held.some((item) => item.status === 'illegitimate')) {
        reasons.push(reason('ILLEGITIMATE'));
      } else if (held.some((item) => item.status === 'quarantined')) {
        reasons.push(reason('UNDER_INVESTIGATION'));
      }
      inCallersCustody = custody.shipment === null && custody.custodian === caller.gln;
      if (caller.role !== 'regulator' && pack.status !== 'inactive' && !inCallersCustody) {
        const incoming =
          custody.shipment === null
            ? undefined
            : await readRecord<{ to: string }>(ctx, Keys.shipment(ctx, custody.shipment));
        reasons.push(reason(incoming?.to === caller.gln ? 'IN_TRANSIT' : 'NOT_IN_CUSTODY'));
      }
    }
  }

  const verdict: Verdict = {
    verdict: reasons.length === 0 ? 'AUTHENTIC_ACTIVE' : 'DO_NOT_SUPPLY',
    reasons,
    code: {
      gtin: code.gtin,
      serial: code.serial,
      lot: code.lot ?? null,
      expiry: code.expiry ?? null,
    },
    product: product ?? null,
    batch: batch ?? null,
    pack:
      pack === undefined
        ? null
        : {
            status: pack.status,
            inactiveReason: pack.decommission?.reason ?? null,
            inCallersCustody,
          },
    checkedAt: transactionTime(ctx).iso,
    checkedBy: caller.gln,
  };
  return { verdict, pack };
}
