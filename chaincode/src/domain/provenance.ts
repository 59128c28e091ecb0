import type { TraceContext } from '../ledger/trace-context';
import { Keys } from '../ledger/keys';
import {
  entriesOfVersion,
  orderWithinTransactions,
  transactionOrderKey,
} from '../ledger/same-transaction-versions';
import type { ErrorDeclaration } from '../model/event-error-declaration';
import type { HistoryEntry } from '../model/history-entry';
import type { Scan } from '../model/scan';
import type { Container, Pack } from '../model/tracked-item';
import { findCommissioning, synthesisedPack } from './compact-packs';
import { errorDeclarationsOf } from './error-declarations';
import { platformEventId } from './event-ids';

/** One line of a pack's provenance: what happened, to the pack itself or to a container it was in. */
export interface ProvenanceEntry extends HistoryEntry {
  /** `pack`, `container` (something done to a case or pallet around it) or `scan`. */
  readonly subject: 'pack' | 'container' | 'scan';
  /** The SSCC when the subject is a container. */
  readonly sscc?: string;
  /** The error the event's recorder declared on it (EPCIS 2.0 `errorDeclaration`), if any. */
  readonly errorDeclaration?: ErrorDeclaration;
}

/** Most scans listed in one provenance; a pack scanned more often than this is itself a red flag. */
const MAX_SCANS = 500;

async function versionsOf<T extends { lastEvent: HistoryEntry }>(
  ctx: TraceContext,
  key: string,
): Promise<T[]> {
  const iterator = await ctx.stub.getHistoryForKey(key);
  const versions: T[] = [];
  try {
    for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
      if (!result.value.isDelete && result.value.value.length > 0) {
        versions.push(JSON.parse(Buffer.from(result.value.value).toString('utf8')) as T);
      }
    }
  } finally {
    await iterator.close();
  }
  // Fabric returns a key's history newest first; provenance reads it oldest first.
  return versions.reverse();
}

/** The spans of time an item sat in each container, from the versions of its record. */
function containerSpans(
  versions: ReadonlyArray<{ parent: string | null; lastEvent: HistoryEntry }>,
): Array<{ sscc: string; from: string; to: string | null }> {
  const spans: Array<{ sscc: string; from: string; to: string | null }> = [];
  let open: { sscc: string; from: string } | undefined;
  for (const version of versions) {
    if (open !== undefined && version.parent !== open.sscc) {
      spans.push({ ...open, to: version.lastEvent.at });
      open = undefined;
    }
    if (open === undefined && version.parent !== null) {
      open = { sscc: version.parent, from: version.lastEvent.at };
    }
  }
  if (open !== undefined) {
    spans.push({ ...open, to: null });
  }
  return spans;
}

async function containerEntries(
  ctx: TraceContext,
  span: { sscc: string; from: string; to: string | null },
  depth: number,
  chains: HistoryEntry[][],
): Promise<ProvenanceEntry[]> {
  const key = Keys.container(ctx, span.sscc);
  const versions = await versionsOf<Container>(ctx, key);
  const inside = (at: string) => at >= span.from && (span.to === null || at <= span.to);
  const entries: ProvenanceEntry[] = [];
  for (const version of versions.filter((candidate) => inside(candidate.lastEvent.at))) {
    const chain = await entriesOfVersion(ctx, key, version);
    chains.push(chain);
    entries.push(
      ...chain.map((entry): ProvenanceEntry => ({
        ...entry,
        subject: 'container',
        sscc: span.sscc,
      })),
    );
  }
  if (depth > 0) {
    for (const outer of containerSpans(versions)) {
      const from = outer.from > span.from ? outer.from : span.from;
      const to =
        span.to === null ? outer.to : outer.to === null || outer.to > span.to ? span.to : outer.to;
      if (to === null || from <= to) {
        entries.push(
          ...(await containerEntries(ctx, { sscc: outer.sscc, from, to }, depth - 1, chains)),
        );
      }
    }
  }
  return entries;
}

/**
 * The full history of a pack, oldest first: every version of the pack's record, what happened
 * to the case and pallet while it was inside them, and every recorded scan of its code.
 */
export async function packProvenance(ctx: TraceContext, pack: Pack): Promise<ProvenanceEntry[]> {
  const versions = await versionsOf<Pack>(ctx, Keys.pack(ctx, pack.gtin, pack.serial));
  // A pack commissioned compactly has no record version for its commissioning (and none at all
  // until something happens to it): the compact record holds that first version. A pack whose
  // first version is its commissioning needs no look there.
  if (versions[0]?.lastEvent.action !== 'commissioned') {
    const commissioning = await findCommissioning(ctx, pack.gtin, pack.serial);
    if (commissioning !== undefined && versions[0]?.lastEvent.txId !== commissioning.entry.txId) {
      versions.unshift(synthesisedPack(commissioning, pack.serial));
    }
  }
  const packKey = Keys.pack(ctx, pack.gtin, pack.serial);
  const chains: HistoryEntry[][] = [];
  for (const version of versions) {
    chains.push(await entriesOfVersion(ctx, packKey, version));
  }
  const entries: ProvenanceEntry[] = chains.flatMap((chain) =>
    chain.map((entry): ProvenanceEntry => ({ ...entry, subject: 'pack' })),
  );
  // One line per event: the pack's own, else its container's (several events of a transaction
  // are told apart by their ids).
  const seenTx = new Set(entries.map((entry) => entry.txId));
  const seen = new Set(entries.map(transactionOrderKey));
  for (const span of containerSpans(versions)) {
    for (const entry of await containerEntries(ctx, span, 1, chains)) {
      if (!seen.has(transactionOrderKey(entry))) {
        seen.add(transactionOrderKey(entry));
        seenTx.add(entry.txId);
        entries.push(entry);
      }
    }
  }
  const order = orderWithinTransactions(chains);
  const scans = await ctx.stub.getStateByPartialCompositeKey('scan', [pack.gtin, pack.serial]);
  try {
    for (
      let result = await scans.next(), count = 0;
      !result.done && count < MAX_SCANS;
      result = await scans.next(), count += 1
    ) {
      const scan = JSON.parse(Buffer.from(result.value.value).toString('utf8')) as Scan;
      if (!seenTx.has(scan.txId)) {
        entries.push({
          subject: 'scan',
          action: 'scanned',
          txId: scan.txId,
          eventId: platformEventId(scan.txId, 0),
          at: scan.at,
          by: scan.by,
          bizStep: 'inspecting',
          disposition: scan.verdict === 'AUTHENTIC_ACTIVE' ? 'active' : 'non_sellable_other',
          note:
            (scan.request === undefined
              ? ''
              : `verification request (${scan.request.context}, corrUUID ${scan.request.corrUUID}): `) +
            (scan.reasons.length === 0 ? 'verified' : scan.reasons.join(', ')),
          ...(scan.alertId === null ? {} : { alert: scan.alertId }),
        });
      }
    }
  } finally {
    await scans.close();
  }
  // Entries written before event ids were stamped are named as the ledger names them now.
  const named = entries.map((entry) => ({
    ...entry,
    eventId: entry.eventId ?? platformEventId(entry.txId, 0),
  }));
  const declared = await errorDeclarationsOf(
    ctx,
    named.map((entry) => entry.eventId),
  );
  // Stable sort: entries of the same instant keep the order in which they were gathered.
  return named
    .map((entry): ProvenanceEntry => {
      const declaration = declared[entry.eventId];
      return declaration === undefined
        ? entry
        : {
            ...entry,
            errorDeclaration: {
              declarationTime: declaration.declarationTime,
              ...(declaration.reason === undefined ? {} : { reason: declaration.reason }),
              correctiveEventIDs: declaration.correctiveEventIDs,
            },
          };
    })
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => {
      if (a.entry.at !== b.entry.at) {
        return a.entry.at < b.entry.at ? -1 : 1;
      }
      // Events of one transaction in the order its records' changes give.
      const inA = order.get(transactionOrderKey(a.entry));
      const inB = order.get(transactionOrderKey(b.entry));
      return a.entry.txId === b.entry.txId && inA !== undefined && inB !== undefined
        ? inA - inB
        : a.index - b.index;
    })
    .map(({ entry }) => entry);
}
