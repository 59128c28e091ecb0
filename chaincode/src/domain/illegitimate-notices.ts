import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { readRecord, writeRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { IllegitimateNotice, NoticeParty } from '../model/alert-case';
import type { Alert } from '../model/alert';
import type { Product } from '../model/product';
import type { Pack } from '../model/tracked-item';
import { findItem } from './items';
import { addAudience } from './ledger-events';
import { packProvenance } from './provenance';

/** How long after confirmation an illegitimate-product notice is due (DSCSA: 24 hours). */
const NOTICE_DUE_MS = 24 * 60 * 60 * 1000;

/**
 * The holder's immediate trading partners for the alert's packs, from their custody history:
 * who shipped to a holder (suppliers) and who a holder shipped to (customers).
 */
async function tradingPartners(
  ctx: TraceContext,
  alert: Alert,
  packs: readonly Pack[],
): Promise<NoticeParty[]> {
  const holders = new Set(alert.custodians);
  const parties = new Map<string, NoticeParty>();
  for (const pack of packs) {
    for (const entry of await packProvenance(ctx, pack)) {
      const { from, to } = entry;
      if (from === undefined || to === undefined || from === to) {
        continue;
      }
      if (holders.has(to) && !holders.has(from)) {
        parties.set(`supplier ${from}`, { gln: from, capacity: 'supplier' });
      }
      if (holders.has(from) && !holders.has(to)) {
        parties.set(`customer ${to}`, { gln: to, capacity: 'customer' });
      }
    }
  }
  return [...parties.values()];
}

/**
 * Writes the illegitimate-product notice a confirmed case produces: what (product, lots,
 * serials, quantities), how it was found, the parties, addressed to the regulator and the
 * holder's trading partners either side. Sent when recorded; due 24 hours after confirmation,
 * both from the transaction's timestamp. The addressees join the transaction's event audience.
 */
export async function sendIllegitimateNotice(
  ctx: TraceContext,
  alert: Alert,
  confirmedBy: string,
  regulator: string,
  at: string,
): Promise<IllegitimateNotice> {
  const packs: Pack[] = [];
  for (const ref of alert.items) {
    if (ref.type === 'pack') {
      const item = await findItem(ctx, ref);
      if (item?.docType === 'pack') {
        packs.push(item);
      }
    }
  }
  const gtin = alert.items.find((ref) => ref.type === 'pack')?.gtin;
  const product =
    gtin === undefined ? undefined : await readRecord<Product>(ctx, Keys.product(ctx, gtin));
  const partners = await tradingPartners(ctx, alert, packs);
  const parties: NoticeParty[] = [
    ...alert.custodians.map((gln): NoticeParty => ({ gln, capacity: 'holder' })),
    ...partners,
    ...alert.manufacturers.map((gln): NoticeParty => ({ gln, capacity: 'manufacturer' })),
    { gln: regulator, capacity: 'regulator' },
  ];
  const containers = alert.items.flatMap((ref) => (ref.type === 'container' ? [ref.sscc] : []));
  const notice: IllegitimateNotice = {
    docType: 'illegitimate-notice',
    alertId: alert.id,
    product:
      product === undefined
        ? null
        : {
            gtin: product.gtin,
            name: product.name,
            form: product.form,
            strength: product.strength,
            packSize: product.packSize,
          },
    lots: [...new Set(packs.map((pack) => pack.lot))].sort(),
    serials: alert.items.flatMap((ref) => (ref.type === 'pack' ? [ref.serial] : [])),
    quantity: {
      packs: alert.items.filter((ref) => ref.type === 'pack').length,
      containers: containers.length,
    },
    containers,
    howFound: {
      kind: alert.kind,
      reasons: alert.reasons,
      note: alert.note,
      raisedBy: alert.raisedBy,
      raisedAt: alert.raisedAt,
    },
    parties,
    addressees: [...new Set([regulator, ...partners.map((party) => party.gln)])],
    confirmedBy,
    confirmedAt: at,
    dueAt: new Date(Date.parse(at) + NOTICE_DUE_MS).toISOString(),
    sentAt: at,
    txId: ctx.stub.getTxID(),
    status: 'sent',
    termination: null,
  };
  await writeRecord(ctx, Keys.illegitimateNotice(ctx, alert.id), notice);
  addAudience(ctx, notice.addressees);
  return notice;
}

/** The notice a confirmed alert produced, or NOTICE_NOT_FOUND. */
export async function requireNotice(
  ctx: TraceContext,
  alertId: string,
): Promise<IllegitimateNotice> {
  const notice = await readRecord<IllegitimateNotice>(ctx, Keys.illegitimateNotice(ctx, alertId));
  if (notice === undefined) {
    throw new ChaincodeRefusal(
      'NOTICE_NOT_FOUND',
      `alert ${alertId} has no illegitimate-product notice: it was not confirmed as falsified`,
    );
  }
  return notice;
}

/** Whether a party may read a notice: one it names or addresses, its reporter, the regulator. */
export function mayReadNotice(
  notice: IllegitimateNotice,
  caller: { readonly role: string; readonly gln: string },
): boolean {
  return (
    caller.role === 'regulator' ||
    notice.addressees.includes(caller.gln) ||
    notice.parties.some((party) => party.gln === caller.gln) ||
    notice.confirmedBy === caller.gln ||
    notice.howFound.raisedBy === caller.gln
  );
}
