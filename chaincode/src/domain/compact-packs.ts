import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { Keys } from '../ledger/keys';
import { pendingWritesBetween, readRecord, writeIndex, writeRecord } from '../ledger/state';
import type { TraceContext } from '../ledger/trace-context';
import type { CommissioningChunk, SerialCellRecord } from '../model/compact-commissioning';
import type { HistoryEntry } from '../model/history-entry';
import { serialCell } from '../model/serial-cells';
import type { Pack } from '../model/tracked-item';

/*
 * The compact commissioning record. A batch's serials are stored sorted, per cell
 * (model/serial-cells.ts) and per commissioning transaction, under the simple keys of
 * `Keys.serialCell` (ledger/keys.ts), so that one range read returns every batch's serials in a
 * run of cells. A pack gets its own record only when a transaction first changes it
 * ("materialisation").
 */

/** Whether a sorted list holds a serial (binary search on code units). */
export function sortedHas(sorted: readonly string[], serial: string): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const value = sorted[middle] ?? '';
    if (value === serial) {
      return true;
    }
    if (value < serial) {
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return false;
}

function compareUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every cell record of the GTIN in the given cells, by cell. Consecutive cells are read in one
 * range query, so a call whose serials fill a run of cells costs a few round trips.
 */
async function readCells(
  ctx: TraceContext,
  gtin: string,
  cells: readonly number[],
): Promise<Map<number, SerialCellRecord[]>> {
  const sorted = [...new Set(cells)].sort((a, b) => a - b);
  const found = new Map<number, SerialCellRecord[]>(sorted.map((cell) => [cell, []]));
  for (let index = 0; index < sorted.length;) {
    const first = sorted[index] ?? 0;
    let last = first;
    while (index + 1 < sorted.length && sorted[index + 1] === last + 1) {
      index += 1;
      last += 1;
    }
    index += 1;
    const start = Keys.serialCellPrefix(gtin, first);
    const end = Keys.serialCellPrefix(gtin, last + 1);
    // An earlier event of a document captured in this transaction may have commissioned some.
    const values = pendingWritesBetween(ctx, start, end);
    const iterator = await ctx.stub.getStateByRange(start, end);
    try {
      for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
        if (!values.has(result.value.key)) {
          values.set(result.value.key, result.value.value);
        }
      }
    } finally {
      await iterator.close();
    }
    for (const value of values.values()) {
      if (value !== null) {
        const record = JSON.parse(Buffer.from(value).toString('utf8')) as SerialCellRecord;
        found.get(record.cell)?.push(record);
      }
    }
  }
  return found;
}

/** The cell record that commissioned a serial of the GTIN, if it was commissioned compactly. */
export async function findCommissioning(
  ctx: TraceContext,
  gtin: string,
  serial: string,
): Promise<SerialCellRecord | undefined> {
  const cell = serialCell(serial);
  const records = (await readCells(ctx, gtin, [cell])).get(cell) ?? [];
  return records.find((record) => sortedHas(record.serials, serial));
}

/** The pack as the compact record describes it: active, stand-alone, with its commissioner. */
export function synthesisedPack(record: SerialCellRecord, serial: string): Pack {
  return {
    docType: 'pack',
    gtin: record.gtin,
    serial,
    lot: record.lot,
    custodian: record.custodian,
    shipment: null,
    parent: null,
    status: 'active',
    quarantine: null,
    decommission: null,
    holders: [record.custodian],
    lastEvent: record.entry,
  };
}

/**
 * Packs this transaction synthesised from the compact record and has not yet materialised, by
 * pack key (per transaction, like the write cache in ledger/state.ts).
 */
const synthesised = new WeakMap<object, Map<string, Pack>>();

/** Notes that the running transaction read this pack from the compact record. */
export function noteSynthesised(ctx: TraceContext, pack: Pack): void {
  let packs = synthesised.get(ctx.stub);
  if (packs === undefined) {
    packs = new Map();
    synthesised.set(ctx.stub, packs);
  }
  packs.set(Keys.pack(ctx, pack.gtin, pack.serial), pack);
}

/**
 * Before the first write that concerns a synthesised pack, writes what per-pack commissioning
 * wrote: the pack record as commissioned, its holding and its batch-pack index entry (marked
 * compact, so listings do not count it twice). The transaction's own changes then apply on top,
 * exactly as on a pack commissioned in the old form.
 */
export async function materialiseIfSynthesised(
  ctx: TraceContext,
  gtin: string,
  serial: string,
): Promise<void> {
  const key = Keys.pack(ctx, gtin, serial);
  const pack = synthesised.get(ctx.stub)?.get(key);
  if (pack === undefined) {
    return;
  }
  synthesised.get(ctx.stub)?.delete(key);
  await writeRecord(ctx, key, pack);
  await writeRecord(ctx, Keys.batchPack(ctx, gtin, pack.lot, serial), {
    compact: true,
    index: true,
  });
  await writeIndex(ctx, Keys.holding(ctx, pack.custodian, ['pack', gtin, serial]));
}

/** Whether a batch-pack index entry was written by materialisation (the serial is compact too). */
export function isMaterialisedEntry(value: Uint8Array): boolean {
  try {
    return (
      (JSON.parse(Buffer.from(value).toString('utf8')) as { compact?: unknown }).compact === true
    );
  } catch {
    return false;
  }
}

/**
 * Whether the GTIN may hold packs in the per-pack form written before the compact record, and
 * whether it is now known to hold none (then the caller writes the marker with its first
 * addition). Once the marker is written this costs one read; until then it also reads the
 * first pack key of the GTIN.
 */
async function packFormOf(
  ctx: TraceContext,
  gtin: string,
): Promise<'compact-only' | 'first-compact' | 'may-hold-legacy'> {
  if ((await readRecord<object>(ctx, Keys.compactOnly(ctx, gtin))) !== undefined) {
    return 'compact-only';
  }
  const iterator = await ctx.stub.getStateByPartialCompositeKey('pack', Keys.partial([gtin]));
  try {
    return (await iterator.next()).done ? 'first-compact' : 'may-hold-legacy';
  } finally {
    await iterator.close();
  }
}

/**
 * Records serials of a batch compactly. Returns the serials it added, in the caller's order;
 * serials already in this batch are skipped; a serial used under another batch of the GTIN
 * refuses the whole call (SERIAL_IN_OTHER_BATCH, EU hub A68). Reads every batch's records in the
 * cells the serials fall in (range reads, re-validated at commit), writes one record per cell
 * touched and one chunk record.
 */
export async function commissionCompactly(
  ctx: TraceContext,
  gtin: string,
  lot: string,
  custodian: string,
  entry: HistoryEntry,
  serials: readonly string[],
): Promise<string[]> {
  const cellOf = new Map<string, number>();
  for (const serial of serials) {
    cellOf.set(serial, serialCell(serial));
  }
  const recorded = await readCells(ctx, gtin, [...cellOf.values()]);
  const form = await packFormOf(ctx, gtin);
  const legacy = form === 'may-hold-legacy';
  const created: string[] = [];
  for (const serial of serials) {
    const records = recorded.get(cellOf.get(serial) ?? 0) ?? [];
    let lotOfSerial = records.find((record) => sortedHas(record.serials, serial))?.lot;
    if (lotOfSerial === undefined && legacy) {
      lotOfSerial = (await readRecord<Pack>(ctx, Keys.pack(ctx, gtin, serial)))?.lot;
    }
    if (lotOfSerial === undefined) {
      created.push(serial);
    } else if (lotOfSerial !== lot) {
      throw new ChaincodeRefusal(
        'SERIAL_IN_OTHER_BATCH',
        `serial ${serial} is already used under batch ${lotOfSerial}`,
        { serial, lot: lotOfSerial },
      );
    }
  }
  if (created.length === 0) {
    return created;
  }
  const byCell = new Map<number, string[]>();
  for (const serial of created) {
    const cell = cellOf.get(serial) ?? 0;
    const list = byCell.get(cell);
    if (list === undefined) {
      byCell.set(cell, [serial]);
    } else {
      list.push(serial);
    }
  }
  if (form === 'first-compact') {
    await writeRecord(ctx, Keys.compactOnly(ctx, gtin), { compactOnly: true });
  }
  const txId = ctx.stub.getTxID();
  const cells = [...byCell.keys()].sort((a, b) => a - b);
  for (const cell of cells) {
    const record: SerialCellRecord = {
      docType: 'serial-cell',
      gtin,
      lot,
      cell,
      serials: [...(byCell.get(cell) ?? [])].sort(compareUnits),
      custodian,
      entry,
    };
    await writeRecord(ctx, Keys.serialCell(gtin, cell, lot, txId), record);
  }
  const chunk: CommissioningChunk = {
    docType: 'commissioning-chunk',
    gtin,
    lot,
    txId,
    cells,
    count: created.length,
  };
  await writeRecord(ctx, Keys.commissioningChunk(ctx, gtin, lot, txId), chunk);
  // A blind write: concurrent chunks of the batch write the same bytes and never conflict.
  await writeIndex(ctx, Keys.lotHolding(ctx, custodian, gtin, lot));
  return created;
}

/** A position in the compact serials of a batch: chunk, cell within it, serial within that. */
export interface CompactPosition {
  readonly txId: string;
  readonly cellIndex: number;
  readonly serialIndex: number;
}

/**
 * The batch's compactly commissioned serials from a position on, in chunk, cell and serial
 * order, each with the position after it. Listings only (read-only transactions).
 */
export async function* compactSerialsOf(
  ctx: TraceContext,
  gtin: string,
  lot: string,
  from: CompactPosition | undefined,
): AsyncGenerator<{ record: SerialCellRecord; serial: string; next: CompactPosition }> {
  const chunks: CommissioningChunk[] = [];
  const iterator = await ctx.stub.getStateByPartialCompositeKey(
    'commissioning-chunk',
    Keys.partial([gtin, lot]),
  );
  try {
    for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
      chunks.push(
        JSON.parse(Buffer.from(result.value.value).toString('utf8')) as CommissioningChunk,
      );
    }
  } finally {
    await iterator.close();
  }
  // Chunks come in key order and are never removed, so a position names one of them.
  let skipping = from !== undefined;
  for (const chunk of chunks) {
    if (skipping && chunk.txId !== from?.txId) {
      continue;
    }
    const resume = skipping;
    skipping = false;
    for (
      let cellIndex = resume ? (from?.cellIndex ?? 0) : 0;
      cellIndex < chunk.cells.length;
      cellIndex += 1
    ) {
      const record = await readRecord<SerialCellRecord>(
        ctx,
        Keys.serialCell(gtin, chunk.cells[cellIndex] ?? 0, lot, chunk.txId),
      );
      if (record === undefined) {
        continue;
      }
      const first = resume && cellIndex === from?.cellIndex ? from.serialIndex : 0;
      for (let serialIndex = first; serialIndex < record.serials.length; serialIndex += 1) {
        const serial = record.serials[serialIndex] ?? '';
        const next =
          serialIndex + 1 < record.serials.length
            ? { txId: chunk.txId, cellIndex, serialIndex: serialIndex + 1 }
            : { txId: chunk.txId, cellIndex: cellIndex + 1, serialIndex: 0 };
        yield { record, serial, next };
      }
    }
  }
}

/** The batches of which a party holds packs without a record of their own, as [gtin, lot]. */
export async function lotHoldingsOf(
  ctx: TraceContext,
  gln: string,
): Promise<Array<[string, string]>> {
  const lots: Array<[string, string]> = [];
  const iterator = await ctx.stub.getStateByPartialCompositeKey('holding-lot', Keys.partial([gln]));
  try {
    for (let result = await iterator.next(); !result.done; result = await iterator.next()) {
      const [, gtin = '', lot = ''] = ctx.stub.splitCompositeKey(result.value.key).attributes;
      lots.push([gtin, lot]);
    }
  } finally {
    await iterator.close();
  }
  return lots;
}
