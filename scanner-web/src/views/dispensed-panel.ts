import { h } from '../ui/dom';
import { verdictPanel, type Verdict } from './verdict-panel';

/**
 * The answer when a scan dispensed the pack: the verdict's facts under a heading that cannot
 * be read as "still to do", so the pack is handed over and not dispensed again.
 */
export function dispensedPanel(verdict: Verdict, actions: HTMLElement): HTMLElement {
  const panel = verdictPanel(verdict, actions);
  panel.classList.add('dispensed');
  const title = panel.querySelector('#verdict-title');
  if (title !== null) title.textContent = '✓ Dispensed — hand the pack to the patient';
  panel.insertBefore(
    h(
      'p',
      { class: 'dispensed-note' },
      'Genuine. The pack is now recorded as supplied to the patient.',
    ),
    title?.nextSibling ?? null,
  );
  return panel;
}
