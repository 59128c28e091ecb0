import { expiryToIsoDate } from '@packtrace/gs1';
import type { RecordedVerdict, Verdict as CheckedVerdict } from '../api/openapi-types';
import { h } from '../ui/dom';

/** The verdict as the API returns it: the ledger's, plus the recorded scan's alert when scanned. */
export type Verdict = CheckedVerdict & { readonly scan?: RecordedVerdict['scan'] };

/** Short, plain headings for each reason; the sentence under it comes from the ledger. */
const HEADINGS: Record<string, string> = {
  UNKNOWN_PRODUCT: 'Unknown product',
  UNKNOWN_BATCH: 'Unknown batch',
  UNKNOWN_SERIAL: 'Unknown pack',
  SERIAL_UNDER_OTHER_BATCH: 'Batch does not match',
  EXPIRY_MISMATCH: 'Expiry date does not match',
  PACK_INACTIVE: 'Already dispensed or withdrawn',
  BATCH_RECALLED: 'Recalled',
  EXPIRED: 'Expired',
  IN_TRANSIT: 'Not received by this pharmacy yet',
  NOT_IN_CUSTODY: 'Not received by this pharmacy',
  UNDER_INVESTIGATION: 'Under investigation',
  ILLEGITIMATE: 'Confirmed counterfeit',
  FLAGGED_SUSPECT: 'Flagged as suspect',
  MISSING_ITEMS: 'Items missing on receipt',
  EXTRA_ITEMS: 'Unexpected items received',
};

/** The plain-words heading of a reason code. */
export function reasonHeading(code: string): string {
  return HEADINGS[code] ?? code;
}

/** The large, unmistakable answer: genuine and safe to dispense, or do not dispense and why. */
export function verdictPanel(verdict: Verdict, actions: HTMLElement): HTMLElement {
  const safe = verdict.verdict === 'AUTHENTIC_ACTIVE';
  const printed = verdict.code.expiry;
  let printedDate = printed ?? 'not printed';
  try {
    printedDate = printed === null ? printedDate : expiryToIsoDate(printed);
  } catch {
    // keep the raw text: the reasons already say what is wrong with it
  }
  const expiry = verdict.batch?.expiryDate ?? printedDate;
  return h(
    'section',
    {
      class: `verdict ${safe ? 'safe' : 'unsafe'}`,
      'aria-labelledby': 'verdict-title',
      tabindex: '-1',
      id: 'verdict',
    },
    h(
      'h2',
      { id: 'verdict-title', class: 'verdict-title' },
      safe ? '✓ Genuine — safe to dispense' : '✕ Do not dispense',
    ),
    safe
      ? null
      : h(
          'ul',
          { class: 'reasons' },
          ...verdict.reasons.map((reason) =>
            h(
              'li',
              {},
              h('strong', {}, reasonHeading(reason.code)),
              ' — ',
              reason.message,
              reason.euAlert === null
                ? null
                : h('span', { class: 'eu' }, ` (EU alert ${reason.euAlert})`),
            ),
          ),
        ),
    h(
      'dl',
      { class: 'pack-facts' },
      h('dt', {}, 'Product'),
      h(
        'dd',
        {},
        verdict.product === null
          ? 'not registered'
          : `${verdict.product.name}, ${verdict.product.form}, ${verdict.product.strength} (${verdict.product.packSize})`,
      ),
      h('dt', {}, 'Lot'),
      h('dd', {}, verdict.batch?.lot ?? verdict.code.lot ?? 'not printed'),
      h('dt', {}, 'Expiry'),
      h('dd', {}, expiry),
      h('dt', {}, 'Serial'),
      h('dd', {}, verdict.code.serial),
    ),
    verdict.scan?.alertId
      ? h('p', { class: 'alert-note' }, 'This scan raised an alert for the regulator.')
      : null,
    actions,
  );
}
