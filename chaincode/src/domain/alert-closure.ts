import { Keys } from '../ledger/keys';
import { readRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { CaseTimelineEntry, IllegitimateNotice, RootCause } from '../model/alert-case';
import type { Alert } from '../model/alert';
import type { HistoryEntry } from '../model/history-entry';
import { caseHistoryEntry, recordStepOnItems } from './alert-case';
import { saveAlertStatus } from './alerts';
import { sendIllegitimateNotice } from './illegitimate-notices';
import { findItem, refKey } from './items';
import { releaseItem } from './quarantine';

/**
 * What closing on a root cause means for the alert's items: suspected or confirmed
 * falsification takes them out of circulation for good (`confirmed`), any other cause returns
 * them (`cleared`) once no other alert holds them (docs/decisions.md, 2026-12-07).
 */
export function outcomeOf(rootCause: RootCause | null): 'confirmed' | 'cleared' {
  return rootCause === 'suspected_falsification' || rootCause === 'confirmed_falsification'
    ? 'confirmed'
    : 'cleared';
}

/**
 * Closes a case: releases (or takes out of circulation) the items it quarantined, writes the
 * step into every item's history, moves the alert's indexes, and for confirmed falsification
 * sends the illegitimate-product notice. Answers the closed alert and its notice, if any.
 */
export async function closeCase(
  ctx: TraceContext,
  alert: Alert,
  step: CaseTimelineEntry,
  base: HistoryEntry,
  rootCause: RootCause | null,
): Promise<{ alert: Alert; notice: IllegitimateNotice | null }> {
  const outcome = outcomeOf(rootCause);
  // The regulator's legacy decision keeps the history line it always wrote, and touches only
  // the items it held, as before cases.
  const legacy = step.step === 'resolve';
  const entry: HistoryEntry = legacy
    ? base
    : {
        ...caseHistoryEntry(base, alert, step),
        disposition: outcome === 'confirmed' ? 'non_sellable_other' : 'active',
      };
  const released = new Set<string>();
  for (const ref of alert.quarantined) {
    const item = await findItem(ctx, ref);
    if (item?.status === 'quarantined' && item.quarantine?.alertIds.includes(alert.id) === true) {
      await releaseItem(ctx, item, alert.id, outcome, entry);
      released.add(refKey(ref));
    }
  }
  if (!legacy) {
    await recordStepOnItems(ctx, alert, entry, released);
  }
  const closed: Alert = {
    ...alert,
    state: 'closed',
    rootCause,
    status: outcome,
    resolution: { outcome, by: step.by, at: step.at, note: step.note, txId: step.txId },
    timeline: [...alert.timeline, step],
  };
  await saveAlertStatus(ctx, alert, closed);
  if (rootCause !== 'confirmed_falsification') {
    return { alert: closed, notice: null };
  }
  const governance = await readRecord<{ regulator: string }>(ctx, Keys.governance(ctx));
  const notice = await sendIllegitimateNotice(
    ctx,
    closed,
    step.by,
    governance?.regulator ?? step.by,
    step.at,
  );
  return { alert: closed, notice };
}
