import type { Verdict } from '@packtrace/chaincode';
import type { EmbeddedDriver, EmbeddedUser } from './embedded-driver';
import { GTIN, PARTIES, sscc } from './demo-parties';

export const LOT = 'LOT-42A';
export const EXPIRY = '271231';

/** The demo product, registered by the demo manufacturer. */
export async function registerProduct(d: EmbeddedDriver): Promise<void> {
  await d.submit(
    'manufacturer',
    'products:RegisterProduct',
    GTIN,
    'Paracetamol 500 mg',
    'film-coated tablet',
    '500 mg',
    '20',
  );
}

/** Registers the product and commissions the given serials under one batch. */
export async function commission(
  d: EmbeddedDriver,
  serials: string[],
  lot = LOT,
  expiry = EXPIRY,
): Promise<void> {
  await d.submit(
    'manufacturer',
    'batches:CommissionPacks',
    GTIN,
    lot,
    expiry,
    JSON.stringify(serials),
  );
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
  d: EmbeddedDriver,
  user: EmbeddedUser,
  text: string,
): Promise<Verdict> {
  return d.evaluate<Verdict>(user, 'verification:Verify', text);
}

export function reasonCodes(verdict: Verdict): string[] {
  return verdict.reasons.map((reason) => reason.code);
}

/** Ships items from one party to another and has the receiver confirm all of them. */
export async function shipAndReceive(
  d: EmbeddedDriver,
  from: EmbeddedUser,
  to: keyof typeof PARTIES,
  items: object[],
): Promise<string> {
  const shipment = await d.submit<{ id: string }>(
    from,
    'custody:Ship',
    PARTIES[to].gln,
    JSON.stringify(items),
  );
  await d.submit(to, 'custody:Receive', shipment.id, JSON.stringify(items));
  return shipment.id;
}
