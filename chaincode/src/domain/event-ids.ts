import { createHash } from 'node:crypto';

/**
 * The packtrace namespace of RFC 9562 name-based UUIDs: fixed for good, since every event id
 * the ledger ever stamped is derived from it (docs/decisions.md, 2026-12-07).
 */
export const PACKTRACE_EVENT_NAMESPACE = '5a0c19bb-3ee8-4572-8bfd-682ffb4ea870';

/** An RFC 9562 version 5 (SHA-1, name-based) UUID of `name` in `namespace`, lower case. */
export function uuidV5(namespace: string, name: string): string {
  const space = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (space.length !== 16) {
    throw new Error(`not a UUID: ${namespace}`);
  }
  const hash = createHash('sha1').update(space).update(name, 'utf8').digest();
  const bytes = hash.subarray(0, 16);
  // Version 5 in the high nibble of octet 6; the RFC variant (10xx) in octet 8.
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-');
}

/**
 * The id of the `index`-th EPCIS event a transaction emitted, when no sender named it: a
 * `urn:uuid` derived from the transaction id alone, so every peer, and any reader of the
 * ledger's history, computes the same id.
 */
export function platformEventId(txId: string, index: number): string {
  return `urn:uuid:${uuidV5(PACKTRACE_EVENT_NAMESPACE, `${txId}:${index}`)}`;
}
