import { Gs1Error, parseItemCode, validateSscc } from '@packtrace/gs1';

/** An item reference as the API takes it. */
export type ItemRef =
  { type: 'pack'; gtin: string; serial: string } | { type: 'container'; sscc: string };

/**
 * Reads items typed or scanned one per line: a full pack code in any GS1 form, an SSCC label,
 * a bare 18-digit SSCC, or a bare serial of the given default GTIN.
 */
export function parseItemLines(
  text: string,
  defaultGtin?: string,
): { items: ItemRef[]; errors: string[] } {
  const items: ItemRef[] = [];
  const errors: string[] = [];
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .forEach((line, index) => {
      try {
        if (/^[0-9]{18}$/.test(line)) {
          items.push({ type: 'container', sscc: validateSscc(line) });
        } else if (/^(\]|\(|https?:|[0-9]{16})/.test(line) || defaultGtin === undefined) {
          const code = parseItemCode(line);
          items.push(
            code.kind === 'container'
              ? { type: 'container', sscc: code.sscc }
              : { type: 'pack', gtin: code.gtin, serial: code.serial },
          );
        } else {
          items.push({ type: 'pack', gtin: defaultGtin, serial: line });
        }
      } catch (error) {
        errors.push(
          `line ${index + 1}: ${error instanceof Gs1Error ? error.message : 'not a code'}`,
        );
      }
    });
  return { items, errors };
}

/** A stable key for comparing item lists. */
export function itemKey(item: ItemRef): string {
  return item.type === 'pack' ? `${item.gtin}/${item.serial}` : item.sscc;
}
