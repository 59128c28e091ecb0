import { Gs1Error, parsePackCode } from '@packtrace/gs1';
import { ApiFailure, client, ok } from '../../api/api-client';
import { field, h, replace, statusLine } from '../../ui/dom';
import type { PartyNames } from './party-names';

const STEP_WORDS: Record<string, string> = {
  commissioned: 'Commissioned',
  packed: 'Packed',
  unpacked: 'Unpacked',
  shipped: 'Shipped',
  returned: 'Returned',
  received: 'Received',
  dispensed: 'Dispensed to a patient',
  scanned: 'Scanned',
  flagged: 'Flagged as suspect',
  quarantined: 'Quarantined',
  cleared: 'Cleared by the regulator',
  confirmed_illegitimate: 'Confirmed illegitimate',
  decommission_undone: 'Decommissioning undone',
};

/** The "Provenance of a pack" panel: a pack's history drawn as a timeline of custody. */
export function provenancePanel({ name }: PartyNames): HTMLElement {
  const code = h('input', {
    name: 'code',
    required: true,
    placeholder: '(01)…(21)… or a Digital Link',
  });
  const timeline = h('ol', { class: 'timeline' });
  const provenanceStatus = statusLine();
  return h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'provenance-title',
      onsubmit: (event: Event) => {
        event.preventDefault();
        provenanceStatus.clear();
        let gtin: string;
        let serial: string;
        try {
          ({ gtin, serial } = parsePackCode(code.value.trim()));
        } catch (error) {
          provenanceStatus.error(error instanceof Gs1Error ? error.message : 'Not a pack code.');
          return;
        }
        ok(
          client.GET('/api/v1/packs/{gtin}/{serial}/history', {
            params: { path: { gtin, serial } },
          }),
        )
          .then((history) =>
            replace(
              timeline,
              ...history.events.map((entry) =>
                h(
                  'li',
                  { class: `step step-${entry.action}` },
                  h('time', { datetime: entry.at }, new Date(entry.at).toLocaleString()),
                  h('strong', {}, STEP_WORDS[entry.action] ?? entry.action.replace(/_/g, ' ')),
                  entry.subject === 'container' ? ` (in ${entry.sscc ?? 'a container'})` : '',
                  h(
                    'span',
                    { class: 'who' },
                    entry.from !== undefined && entry.to !== undefined
                      ? `${name(entry.from)} → ${name(entry.to)}`
                      : name(entry.by),
                  ),
                  entry.note === undefined ? null : h('small', {}, entry.note),
                  // EPCIS: its recorder said this event was wrong; the timeline keeps it, marked.
                  entry.errorDeclaration === undefined
                    ? null
                    : h(
                        'small',
                        { class: 'declared-error' },
                        `Declared in error${
                          entry.errorDeclaration.reason === undefined
                            ? ''
                            : ` (${entry.errorDeclaration.reason.replace(/_/g, ' ')})`
                        } on ${new Date(entry.errorDeclaration.declarationTime).toLocaleString()}`,
                      ),
                ),
              ),
            ),
          )
          .catch((error: unknown) =>
            provenanceStatus.error(
              error instanceof ApiFailure ? error.message : 'Could not load the history.',
            ),
          );
      },
    },
    h('h2', { id: 'provenance-title' }, 'Provenance of a pack'),
    field('Pack code', code),
    h('button', { type: 'submit' }, 'Show history'),
    provenanceStatus.element,
    timeline,
  );
}
