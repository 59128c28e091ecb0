import { h } from '../ui/dom';

const STORAGE_KEY = 'packtrace.dispenseOnScan';

/** Whether the pharmacist chose, on this browser, to dispense each pack as it is scanned. */
function remembered(): boolean {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    // Storage blocked (private mode, policy): fall back to the safe default, checking only.
    return false;
  }
}

function remember(on: boolean): void {
  try {
    localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
  } catch {
    // Not remembered across reloads; the switch still works for this page.
  }
}

/**
 * The pharmacist's mode switch. Off (the default, docs/decisions.md): a scan only checks the
 * pack and dispensing is a separate click. On: a scanned single pack is verified and, when it
 * may be supplied, dispensed in one transaction. The choice is remembered on this browser, as a
 * counter terminal keeps its set-up.
 */
export function dispenseOnScanSwitch(onChange: (on: boolean) => void): {
  element: HTMLElement;
  isOn: () => boolean;
} {
  const input = h('input', {
    type: 'checkbox',
    id: 'dispense-on-scan',
    name: 'dispenseOnScan',
    'aria-describedby': 'dispense-on-scan-hint',
  });
  input.checked = remembered();
  input.addEventListener('change', () => {
    remember(input.checked);
    onChange(input.checked);
  });
  const element = h(
    'div',
    { class: 'mode-switch' },
    h('label', { for: 'dispense-on-scan' }, input, ' Dispense on scan'),
    h(
      'small',
      { id: 'dispense-on-scan-hint' },
      'When on, each genuine pack you scan is recorded as supplied at once. Leave it off to check a pack without supplying it. Case and pallet labels are only checked.',
    ),
  );
  return { element, isOn: () => input.checked };
}
