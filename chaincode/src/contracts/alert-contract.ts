import { validateGtin14, validateSerial } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import {
  mayReadAlert,
  newAlert,
  requireAlert,
  saveAlertStatus,
  saveNewAlert,
} from '../domain/alerts';
import { itemUri, packUri, partyUri } from '../domain/epcis-identifiers';
import { ancestorsOf, effectiveCustody, findItem } from '../domain/items';
import { emitEvent, historyEntry } from '../domain/ledger-events';
import { quarantineItem, releaseItem } from '../domain/quarantine';
import { authorise } from '../identity/caller';
import { gs1, requireOneOf, requireRecordId, requireText } from '../ledger/arguments';
import { LedgerError } from '../ledger/ledger-error';
import { Keys } from '../ledger/keys';
import { pageOfKeys, parsePageSize, type Page } from '../ledger/pagination';
import { readRecord } from '../ledger/state';
import { TraceContext } from '../ledger/trace-context';
import type { Alert } from '../model/alert';
import type { PackRef } from '../model/item-ref';
import type { AlertCounts } from '../model/transaction-results';
import { TraceContract } from './trace-contract';

const ALERT_STATUSES = ['open', 'confirmed', 'cleared'] as const;

/** Index keys counted per page by AlertSummary (each key's value is empty). */
const SUMMARY_PAGE = 1_000;

/** Suspect packs: flags, alerts, and the regulator's decisions. */
export class AlertContract extends TraceContract {
  constructor() {
    super('alerts');
  }

  /**
   * Anyone may flag a pack as suspect; the regulator is alerted and the pack's holder told. The
   * flag quarantines the pack (if in circulation, until resolved) only when its caller holds it
   * or is the regulator: a flag is an opinion the ledger cannot check, and must not let one
   * party freeze another's stock (docs/decisions.md).
   */
  @Transaction()
  @Returns('string')
  async FlagPack(ctx: TraceContext, gtin: string, serial: string, note: string): Promise<string> {
    const caller = await authorise(ctx, 'FlagPack');
    const ref: PackRef = {
      type: 'pack',
      gtin: gs1(() => validateGtin14(gtin)),
      serial: gs1(() => validateSerial(serial)),
    };
    const text = requireText(note, 'note', 1000);
    const id = ctx.stub.getTxID();
    const entry = historyEntry(ctx, caller.gln, {
      action: 'flagged',
      bizStep: 'holding',
      disposition: 'non_sellable_other',
      alert: id,
      note: text,
    });
    const pack = await findItem(ctx, ref);
    const mayFreeze =
      pack !== undefined &&
      (caller.role === 'regulator' ||
        effectiveCustody(pack, await ancestorsOf(ctx, pack)).custodian === caller.gln);
    const held = mayFreeze && (await quarantineItem(ctx, pack, id, entry));
    const alert = await saveNewAlert(
      ctx,
      newAlert(ctx, caller.gln, {
        kind: 'flag',
        reasons: pack === undefined ? ['UNKNOWN_SERIAL'] : ['FLAGGED_SUSPECT'],
        note: text,
        items: [ref],
        quarantined: held ? [ref] : [],
      }),
    );
    emitEvent(ctx, {
      type: 'AlertRaised',
      by: caller.gln,
      parties: [caller.gln],
      epcis: held
        ? [
            {
              eventType: 'ObjectEvent',
              action: 'OBSERVE',
              bizStep: 'holding',
              disposition: 'non_sellable_other',
              epcList: [packUri(ref.gtin, ref.serial)],
              readPoint: partyUri(caller.gln),
            },
          ]
        : [],
      subject: { alert: id, gtin: ref.gtin, serial: ref.serial },
    });
    return this.result(alert);
  }

  /** An alert (the regulator, the party that raised it, or a party whose stock it concerns). */
  @Transaction(false)
  @Returns('string')
  async GetAlert(ctx: TraceContext, alertId: string): Promise<string> {
    const caller = await authorise(ctx, 'GetAlert');
    const alert = await requireAlert(ctx, requireRecordId(alertId, 'alertId'));
    if (!mayReadAlert(alert, caller)) {
      throw new LedgerError(
        'NOT_PERMITTED',
        'only the regulator, the party that raised an alert or a holder of its stock may read it',
      );
    }
    return this.result(alert);
  }

  /**
   * Alerts, a page at a time: the regulator sees all alerts with the given status; any other
   * party sees the alerts it raised (status filters within each page).
   */
  @Transaction(false)
  @Returns('string')
  async ListAlerts(
    ctx: TraceContext,
    status: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'ListAlerts');
    const wanted = status === '' ? undefined : requireOneOf(status, ALERT_STATUSES, 'status');
    const size = parsePageSize(pageSize);
    const page =
      caller.role === 'regulator'
        ? await pageOfKeys(ctx, 'alert-status', [wanted ?? 'open'], size, bookmark)
        : await pageOfKeys(ctx, 'alert-raiser', [caller.gln], size, bookmark);
    const items: Alert[] = [];
    for (const entry of page.entries) {
      const alert = await readRecord<Alert>(ctx, Keys.alert(ctx, entry.attributes[1] ?? ''));
      if (alert !== undefined && (wanted === undefined || alert.status === wanted)) {
        items.push(alert);
      }
    }
    return this.result({
      items,
      bookmark: page.bookmark,
      count: items.length,
    } satisfies Page<Alert>);
  }

  /**
   * How many alerts there are in each status, and in all (the regulator): the counts its
   * dashboard shows, read from the status index a page of keys at a time (no alert record is
   * read), so nobody needs to replay the ledger's events to know them.
   */
  @Transaction(false)
  @Returns('string')
  async AlertSummary(ctx: TraceContext): Promise<string> {
    await authorise(ctx, 'AlertSummary');
    const counts = { open: 0, confirmed: 0, cleared: 0 };
    for (const status of ALERT_STATUSES) {
      let bookmark = '';
      do {
        const page = await pageOfKeys(ctx, 'alert-status', [status], SUMMARY_PAGE, bookmark);
        counts[status] += page.entries.length;
        bookmark = page.bookmark;
      } while (bookmark !== '');
    }
    return this.result({
      raised: counts.open + counts.confirmed + counts.cleared,
      ...counts,
    } satisfies AlertCounts);
  }

  /**
   * The regulator's decision. Confirmed: the items it held are illegitimate and leave
   * circulation for good. Cleared: they return to their previous state.
   */
  @Transaction()
  @Returns('string')
  async ResolveAlert(
    ctx: TraceContext,
    alertId: string,
    outcome: string,
    note: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'ResolveAlert');
    const alert = await requireAlert(ctx, requireRecordId(alertId, 'alertId'));
    const decision = requireOneOf(outcome, ['confirmed', 'cleared'] as const, 'outcome');
    const text = requireText(note, 'note', 1000);
    if (alert.status !== 'open') {
      throw new LedgerError(
        'ALERT_RESOLVED',
        `alert ${alert.id} was already resolved (${alert.status})`,
      );
    }
    const entry = historyEntry(ctx, caller.gln, {
      action: decision === 'confirmed' ? 'confirmed_illegitimate' : 'cleared',
      bizStep: 'inspecting',
      disposition: decision === 'confirmed' ? 'non_sellable_other' : 'active',
      alert: alert.id,
      note: text,
    });
    for (const ref of alert.quarantined) {
      const item = await findItem(ctx, ref);
      if (item !== undefined) {
        await releaseItem(ctx, item, alert.id, decision, entry);
      }
    }
    const resolved: Alert = {
      ...alert,
      status: decision,
      resolution: { outcome: decision, by: caller.gln, at: entry.at, note: text, txId: entry.txId },
    };
    await saveAlertStatus(ctx, alert, resolved);
    emitEvent(ctx, {
      type: 'AlertResolved',
      by: caller.gln,
      parties: [...new Set([caller.gln, alert.raisedBy, ...alert.custodians])],
      epcis:
        alert.quarantined.length === 0
          ? []
          : [
              {
                eventType: 'ObjectEvent',
                action: 'OBSERVE',
                bizStep: 'inspecting',
                disposition: entry.disposition,
                epcList: alert.quarantined.map(itemUri),
                readPoint: partyUri(caller.gln),
              },
            ],
      subject: { alert: alert.id, outcome: decision },
    });
    return this.result(resolved);
  }
}
