import { Tx, type Verdict } from '@packtrace/chaincode/client';
import { expiryOfDate } from '@packtrace/gs1';
import { GTIN, PARTIES, sscc } from './demo-parties';
import type { ScenarioLedger, ScenarioUser } from './scenario-ledger';
import { scenarioClockStart } from './test-clock';

export const LOT = 'LOT-42A';

/** A GS1 expiry (YYMMDD) for the last day of the month `months` after `from`. */
export function expiryMonthsAfter(from: Date, months: number): string {
  return expiryOfDate(
    new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + months + 1, 0)),
  );
}

/**
 * The demo batch's expiry: the end of the month two years after the suite's clock starts, so
 * the batch is in date whatever day the suites run on.
 */
export const EXPIRY = expiryMonthsAfter(scenarioClockStart(), 24);

/** Another in-date expiry, six months before {@link EXPIRY}, for batches that must differ. */
export const OTHER_EXPIRY = expiryMonthsAfter(scenarioClockStart(), 18);

/** The same expiry written with day 00, which GS1 reads as the month's last day. */
export const EXPIRY_DAY_00 = `${EXPIRY.slice(0, 4)}00`;

/** The demo product, registered by the demo manufacturer. */
export async function registerProduct(d: ScenarioLedger): Promise<void> {
  await d.submit(
    'manufacturer',
    Tx.RegisterProduct,
    GTIN,
    'Paracetamol 500 mg',
    'film-coated tablet',
    '500 mg',
    '20',
  );
}

/** Registers the product and commissions the given serials under one batch. */
export async function commission(
  d: ScenarioLedger,
  serials: string[],
  lot = LOT,
  expiry = EXPIRY,
): Promise<void> {
  await d.submit('manufacturer', Tx.CommissionPacks, GTIN, lot, expiry, JSON.stringify(serials));
}

export function pack(serial: string): { type: 'pack'; gtin: string; serial: string } {
  return { type: 'pack', gtin: GTIN, serial };
}

export function container(code: string): { type: 'container'; sscc: string } {
  return { type: 'container', sscc: code };
}

/** SSCCs under the demo manufacturer's prefix. */
export const CASE_1 = sscc('09506000000000011');
export const CASE_2 = sscc('09506000000000028');
export const PALLET_1 = sscc('09506000000000103');

/** The human-readable code of a demo pack. */
export function code(serial: string, lot = LOT, expiry = EXPIRY): string {
  return `(01)${GTIN}(17)${expiry}(10)${lot}(21)${serial}`;
}

export async function verify(
  d: ScenarioLedger,
  user: ScenarioUser,
  text: string,
): Promise<Verdict> {
  return d.evaluate<Verdict>(user, Tx.Verify, text);
}

export function reasonCodes(verdict: Verdict): string[] {
  return verdict.reasons.map((reason) => reason.code);
}

/** Ships items from one party to another and has the receiver confirm all of them. */
export async function shipAndReceive(
  d: ScenarioLedger,
  from: ScenarioUser,
  to: keyof typeof PARTIES,
  items: object[],
): Promise<string> {
  const shipment = await d.submit<{ id: string }>(
    from,
    Tx.Ship,
    PARTIES[to].gln,
    JSON.stringify(items),
  );
  await d.submit(to, Tx.Receive, shipment.id, JSON.stringify(items));
  return shipment.id;
}
