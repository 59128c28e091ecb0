import { validateGln, validateGtin14, validateSerial } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { findAlert, mayReadAlert, newAlert, requireAlert, saveNewAlert } from '../domain/alerts';
import { indexLegacyAlerts } from '../domain/alert-indexes';
import { ALERT_SCOPES, alertIndexRange } from '../domain/alert-listing';
import { itemUri, packUri, partyUri } from '../domain/epcis-identifiers';
import { takeUnknownFlag, UNKNOWN_SERIAL } from '../domain/flag-quota';
import { ancestorsOf, effectiveCustody, findItem } from '../domain/items';
import { emitEvent, historyEntry } from '../domain/ledger-events';
import { quarantineItem } from '../domain/quarantine';
import { closeCase } from '../domain/alert-closure';
import { authorise } from '../identity/caller';
import { gs1, requireOneOf, requireRecordId, requireText } from '../ledger/arguments';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { pageOfKeys, parseMigrationLimit, parsePageSize, type Page } from '../ledger/pagination';
import { TraceContext } from '../ledger/trace-context';
import { ALERT_STATUSES, type Alert, type OpenAlertCount } from '../model/alert';
import type { PackRef } from '../model/item-ref';
import type { AlertCounts, AlertGroups } from '../model/transaction-results';
import { TraceContract } from './trace-contract';

/** A reason code, as the listing's code filter takes it. */
const REASON_CODE = /^[A-Z][A-Z_]{0,63}$/;

function ascending(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

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
    if (pack === undefined) {
      // Refused before anything is written: an unknown code costs its sender nothing.
      await takeUnknownFlag(ctx, caller.gln);
    }
    const mayFreeze =
      pack !== undefined &&
      (caller.role === 'regulator' ||
        effectiveCustody(pack, await ancestorsOf(ctx, pack)).custodian === caller.gln);
    const held = mayFreeze && (await quarantineItem(ctx, pack, id, entry));
    const alert = await saveNewAlert(
      ctx,
      newAlert(ctx, caller.gln, {
        kind: 'flag',
        reasons: pack === undefined ? [UNKNOWN_SERIAL] : ['FLAGGED_SUSPECT'],
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

  /**
   * An alert and its case (the regulator, the party that raised it, a party whose stock it
   * concerns, or the manufacturer of its product).
   */
  @Transaction(false)
  @Returns('string')
  async GetAlert(ctx: TraceContext, alertId: string): Promise<string> {
    const caller = await authorise(ctx, 'GetAlert');
    const alert = await requireAlert(ctx, requireRecordId(alertId, 'alertId'));
    if (!mayReadAlert(alert, caller)) {
      throw new ChaincodeRefusal(
        'NOT_PERMITTED',
        'only the regulator, the party that raised an alert, a holder of its stock or the manufacturer of its product may read it',
      );
    }
    return this.result(alert);
  }

  /**
   * Alerts, a page at a time, filtered by the index they are read from (never within a page, so
   * a page is short only when it is the last). `scope`: `all` (the regulator's, and its default:
   * one status at a time, open unless `status` names another, optionally of one `reporter` and
   * one reason `code`), `raised` (by the caller's party, the default for everyone else) or
   * `stock` (about stock the caller's party held when they were raised); for these two an empty
   * `status` means every status. `product`: about packs of the caller's products (their
   * manufacturer's cases), every status.
   */
  @Transaction(false)
  @Returns('string')
  async ListAlerts(
    ctx: TraceContext,
    scope: string,
    status: string,
    reporter: string,
    code: string,
    pageSize: string,
    bookmark: string,
  ): Promise<string> {
    const caller = await authorise(ctx, 'ListAlerts');
    const regulator = caller.role === 'regulator';
    const wantedScope =
      scope === '' ? (regulator ? 'all' : 'raised') : requireOneOf(scope, ALERT_SCOPES, 'scope');
    if (wantedScope === 'all' && !regulator) {
      throw new ChaincodeRefusal('NOT_PERMITTED', 'only the regulator lists every party’s alerts');
    }
    if (code !== '' && !REASON_CODE.test(code)) {
      throw new ChaincodeRefusal(
        'INVALID_ARGUMENT',
        'code must be a reason code such as UNKNOWN_SERIAL',
      );
    }
    const range = alertIndexRange(
      {
        scope: wantedScope,
        status: status === '' ? undefined : requireOneOf(status, ALERT_STATUSES, 'status'),
        reporter: reporter === '' ? undefined : gs1(() => validateGln(reporter)),
        code: code === '' ? undefined : code,
      },
      caller.gln,
    );
    const page = await pageOfKeys(
      ctx,
      range.objectType,
      range.attributes,
      parsePageSize(pageSize),
      bookmark,
    );
    const items: Alert[] = [];
    for (const entry of page.entries) {
      // Every index of alerts ends with the alert's id.
      const id = entry.attributes[entry.attributes.length - 1] ?? '';
      const alert = await findAlert(ctx, id);
      if (alert !== undefined) {
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
   * The open alerts grouped by the party that raised them and reason code, largest group first
   * (the regulator): a flood from one reporter is one line, read from counts kept as alerts
   * open and close, without reading an alert. An alert with several reasons is in the group of
   * each. Alerts recorded before these counts were kept are not in them.
   */
  @Transaction(false)
  @Returns('string')
  async AlertGroups(ctx: TraceContext): Promise<string> {
    await authorise(ctx, 'AlertGroups');
    // Counted from the index of open alerts by reason code and reporter (one entry per reason),
    // as AlertSummary counts: a counter kept by every alert would make a party's concurrent
    // alerts with one reason conflict with each other.
    const counts = new Map<string, OpenAlertCount>();
    let bookmark = '';
    do {
      const page = await pageOfKeys(ctx, 'alert-status-code', ['open'], SUMMARY_PAGE, bookmark);
      for (const entry of page.entries) {
        const [, code = '', raisedBy = ''] = entry.attributes;
        const group = `${code}\u0000${raisedBy}`;
        const open = (counts.get(group)?.open ?? 0) + 1;
        counts.set(group, { raisedBy, code, open });
      }
      bookmark = page.bookmark;
    } while (bookmark !== '');
    const groups = [...counts.values()];
    // Code-unit order for ties, as the keys are: the same on every peer whatever its locale.
    groups.sort(
      (a, b) => b.open - a.open || ascending(a.raisedBy, b.raisedBy) || ascending(a.code, b.code),
    );
    return this.result({ items: groups, count: groups.length } satisfies AlertGroups);
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
   * Brings a ledger written before alerts were indexed for filtering up to date (the regulator,
   * once after upgrading the chaincode): indexes up to `limit` (1-500) of the alerts after the
   * id `after` (empty: from the first) and answers the id to continue after, empty once every
   * alert has been looked at. Idempotent; alerts raised since are indexed when they are written.
   */
  @Transaction()
  @Returns('string')
  async IndexAlerts(ctx: TraceContext, after: string, limit: string): Promise<string> {
    await authorise(ctx, 'IndexAlerts');
    const from = after === '' ? '' : requireRecordId(after, 'after');
    return this.result(await indexLegacyAlerts(ctx, from, parseMigrationLimit(limit)));
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
      throw new ChaincodeRefusal(
        'ALERT_RESOLVED',
        `alert ${alert.id} was already resolved (${alert.status})`,
      );
    }
    // A legacy decision closes the case: confirmed as confirmed falsification (with its
    // notice), cleared without a root cause (docs/decisions.md, 2026-12-07).
    const entry = historyEntry(ctx, caller.gln, {
      action: decision === 'confirmed' ? 'confirmed_illegitimate' : 'cleared',
      bizStep: 'inspecting',
      disposition: decision === 'confirmed' ? 'non_sellable_other' : 'active',
      alert: alert.id,
      note: text,
    });
    const rootCause = decision === 'confirmed' ? 'confirmed_falsification' : null;
    const { alert: resolved } = await closeCase(
      ctx,
      alert,
      {
        step: 'resolve',
        from: alert.state,
        to: 'closed',
        by: caller.gln,
        as: ['regulator'],
        at: entry.at,
        txId: entry.txId,
        note: text,
        evidence: [],
        ...(rootCause === null ? {} : { rootCause }),
      },
      entry,
      rootCause,
    );
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
