import { validateGtin14, validateSerial, validateSscc } from '@packtrace/gs1';
import { gs1, parseJsonArgument } from '../ledger/arguments';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import type { ItemRef } from '../model/item-ref';
import { refKey } from './items';

/**
 * Reads a JSON array of item references: `{"type":"pack","gtin":"…","serial":"…"}` or
 * `{"type":"container","sscc":"…"}`. Unknown fields, duplicates and more than `max` items are
 * refused, so nothing unchecked reaches a key.
 */
export function parseItemRefs(
  text: string,
  name: string,
  max: number,
  allowEmpty = false,
): ItemRef[] {
  const value = parseJsonArgument(text, name);
  if (!Array.isArray(value)) {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', `${name} must be a JSON array of items`);
  }
  if (value.length === 0 && !allowEmpty) {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', `${name} must name at least one item`);
  }
  if (value.length > max) {
    throw new ChaincodeRefusal(
      'LIMIT_EXCEEDED',
      `${name} may name at most ${max} items, got ${value.length}`,
    );
  }
  const seen = new Set<string>();
  return value.map((entry: unknown, index) => {
    const ref = parseItemRef(entry, `${name}[${index}]`);
    const key = refKey(ref);
    if (seen.has(key)) {
      throw new ChaincodeRefusal('DUPLICATE_ITEM', `${name} names ${key} twice`);
    }
    seen.add(key);
    return ref;
  });
}

function parseItemRef(entry: unknown, name: string): ItemRef {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
    throw new ChaincodeRefusal('INVALID_ARGUMENT', `${name} must be an object`);
  }
  const record = entry as Record<string, unknown>;
  const fields = Object.keys(record).sort().join(',');
  if (record['type'] === 'pack' && fields === 'gtin,serial,type') {
    const { gtin, serial } = record;
    if (typeof gtin !== 'string' || typeof serial !== 'string') {
      throw new ChaincodeRefusal('INVALID_ARGUMENT', `${name}: gtin and serial must be strings`);
    }
    return {
      type: 'pack',
      gtin: gs1(() => validateGtin14(gtin)),
      serial: gs1(() => validateSerial(serial)),
    };
  }
  if (record['type'] === 'container' && fields === 'sscc,type') {
    const { sscc } = record;
    if (typeof sscc !== 'string') {
      throw new ChaincodeRefusal('INVALID_ARGUMENT', `${name}: sscc must be a string`);
    }
    return { type: 'container', sscc: gs1(() => validateSscc(sscc)) };
  }
  throw new ChaincodeRefusal(
    'INVALID_ARGUMENT',
    `${name} must be {"type":"pack","gtin","serial"} or {"type":"container","sscc"} with no other fields`,
  );
}
