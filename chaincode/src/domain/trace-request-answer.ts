import type { TraceContext } from '../ledger/trace-context';
import type { Batch } from '../model/batch';
import type { Pack } from '../model/tracked-item';
import {
  MAX_TRACE_LOT_PACKS,
  type TraceAnswer,
  type TracedPack,
  type TraceRequest,
} from '../model/trace-request';
import { batchSerialsPage } from './batch-serials';
import { requirePack } from './items';
import { packProvenance, type ProvenanceEntry } from './provenance';

/**
 * What a trading partner's answer keeps of an entry: the transaction and its parties. Scans are
 * other parties' verifications and notes and alert links their own words, which DSCSA's
 * transaction history does not include; the regulator's answer keeps everything.
 */
function partnerEntry(entry: ProvenanceEntry): ProvenanceEntry | undefined {
  if (entry.subject === 'scan') {
    return undefined;
  }
  const kept: { -readonly [K in keyof ProvenanceEntry]?: ProvenanceEntry[K] } = { ...entry };
  delete kept.note;
  delete kept.alert;
  return kept as ProvenanceEntry;
}

async function tracedPack(
  ctx: TraceContext,
  pack: Pack,
  until: string,
  full: boolean,
): Promise<TracedPack> {
  const events = (await packProvenance(ctx, pack))
    // The answer is what was known when it was given, so reading it again later gives the same.
    .filter((entry) => entry.at <= until)
    .flatMap((entry) => {
      const kept = full ? entry : partnerEntry(entry);
      return kept === undefined ? [] : [kept];
    });
  return { gtin: pack.gtin, serial: pack.serial, lot: pack.lot, events };
}

function ownersOf(packs: readonly TracedPack[]): string[] {
  const owners = new Set<string>();
  for (const pack of packs) {
    for (const entry of pack.events) {
      for (const gln of [entry.by, entry.from, entry.to]) {
        if (gln !== undefined && gln !== '') {
          owners.add(gln);
        }
      }
    }
  }
  return [...owners];
}

/** Which page of a lot's packs an answer carries (a pack's answer is one page). */
export interface TraceAnswerPage {
  /** At most {@link MAX_TRACE_LOT_PACKS}. */
  readonly pageSize: number;
  /** Empty for the first page. */
  readonly bookmark: string;
}

/**
 * Assembles the answer to an answered request from custody history, as it stood when answered:
 * the pack's transactions, or those of one page of the lot's packs.
 */
export async function assembleTraceAnswer(
  ctx: TraceContext,
  request: TraceRequest,
  answeredAt: string,
  full: boolean,
  batch: Batch | undefined,
  wanted: TraceAnswerPage = { pageSize: MAX_TRACE_LOT_PACKS, bookmark: '' },
): Promise<TraceAnswer> {
  const packs: TracedPack[] = [];
  let bookmark = '';
  if (request.subject.kind === 'pack') {
    const pack = await requirePack(ctx, request.subject.gtin, request.subject.serial);
    packs.push(await tracedPack(ctx, pack, answeredAt, full));
  } else if (batch !== undefined) {
    const page = await batchSerialsPage(ctx, batch, wanted.pageSize, wanted.bookmark);
    bookmark = page.bookmark;
    for (const serial of page.serials) {
      const pack = await requirePack(ctx, batch.gtin, serial);
      packs.push(await tracedPack(ctx, pack, answeredAt, full));
    }
  }
  return {
    request,
    view: full ? 'full' : 'partner',
    owners: ownersOf(packs),
    packs,
    complete: bookmark === '',
    bookmark,
  };
}
