/**
 * How a GTIN's serials are spread over cells in the compact commissioning record. Part of the
 * ledger format: changing either constant or the hash would misplace every recorded serial.
 *
 * A serial always falls in the same cell, so "is this serial used under any batch of the GTIN"
 * is answered exactly by reading one cell. 1024 cells keep a cell small (about a thousand
 * serials for a GTIN with a million packs) while a large call writes at most 1024 records.
 */
export const SERIAL_CELLS = 1024;

/** The cell of a serial: 32-bit FNV-1a of its characters (GS1 serials are ASCII), mod cells. */
export function serialCell(serial: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < serial.length; index += 1) {
    hash ^= serial.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % SERIAL_CELLS;
}

/**
 * Splits serials into chunks of at most `size` whose cells do not overlap (a cell never spans
 * two chunks unless it alone holds more than `size` serials), in cell order. Chunks of one batch
 * committed concurrently then read and write disjoint cells, so they never conflict.
 */
export function chunksByCell(serials: readonly string[], size: number): string[][] {
  const byCell = new Map<number, string[]>();
  for (const serial of serials) {
    const cell = serialCell(serial);
    const list = byCell.get(cell);
    if (list === undefined) {
      byCell.set(cell, [serial]);
    } else {
      list.push(serial);
    }
  }
  const chunks: string[][] = [];
  let current: string[] = [];
  for (const cell of [...byCell.keys()].sort((a, b) => a - b)) {
    const list = byCell.get(cell) ?? [];
    if (current.length > 0 && current.length + list.length > size) {
      chunks.push(current);
      current = [];
    }
    for (let start = 0; start < list.length; start += size) {
      const part = list.slice(start, start + size);
      if (current.length > 0 && current.length + part.length > size) {
        chunks.push(current);
        current = [];
      }
      current.push(...part);
    }
  }
  if (current.length > 0) {
    chunks.push(current);
  }
  return chunks;
}
