import { ApiFailure, client, newRequestKey, ok, once } from '../api/api-client';
import type { TraceRequest } from '../api/openapi-types';
import { field, h, statusLine } from '../ui/dom';

/** The reasons each asker may give (docs/decisions.md, trace requests). */
const REASONS = {
  partner: ['suspect', 'illegitimate'],
  regulator: ['suspect', 'illegitimate', 'recall', 'audit'],
} as const;

/**
 * The "Ask for a trace" form: a pack's (or, for the regulator, a lot's) transaction history,
 * asked with a reason and an incident number. The ledger checks who may ask about what; the form
 * offers only what the asker may choose, and says when the answer is due.
 */
export function traceRequestForm(
  asker: 'partner' | 'regulator',
  onRecorded: (request: TraceRequest) => void = () => undefined,
): HTMLElement {
  const kind = h(
    'select',
    { name: 'kind' },
    h('option', { value: 'pack' }, 'One pack (serial number)'),
    asker === 'regulator' ? h('option', { value: 'lot' }, 'A whole lot') : null,
  );
  const gtin = h('input', { name: 'gtin', required: true, inputmode: 'numeric' });
  const item = h('input', { name: 'item', required: true });
  const itemField = field('Serial number', item);
  kind.addEventListener('change', () => {
    const label = itemField.querySelector('label');
    if (label !== null) label.textContent = kind.value === 'lot' ? 'Lot' : 'Serial number';
  });
  const reason = h(
    'select',
    { name: 'reason' },
    ...REASONS[asker].map((value) => h('option', { value }, value)),
  );
  const incident = h('input', { name: 'incident', required: true, maxlength: 64 });
  const test = h('input', { type: 'checkbox', name: 'test' });
  const status = statusLine();
  const form = h(
    'form',
    {
      class: 'card trace-request-form',
      'aria-labelledby': `trace-ask-${asker}`,
      onsubmit: (event: Event) => {
        event.preventDefault();
        status.clear();
        const subject =
          kind.value === 'lot'
            ? { kind: 'lot' as const, gtin: gtin.value.trim(), lot: item.value.trim() }
            : { kind: 'pack' as const, gtin: gtin.value.trim(), serial: item.value.trim() };
        ok(
          client.POST('/api/v1/trace-requests', {
            body: {
              subject,
              reason: reason.value as TraceRequest['reason'],
              incident: incident.value.trim(),
              test: test.checked,
            },
            headers: once(newRequestKey()),
          }),
        )
          .then((recorded) => {
            status.ok(
              `Trace request ${recorded.incident} recorded; the answer is due by ${new Date(
                recorded.dueAt,
              ).toLocaleString()}.`,
            );
            onRecorded(recorded);
          })
          .catch((error: unknown) =>
            status.error(
              error instanceof ApiFailure ? error.message : 'Could not record the request.',
            ),
          );
      },
    },
    h('h2', { id: `trace-ask-${asker}` }, 'Ask for a trace'),
    asker === 'regulator' ? field('What to trace', kind) : null,
    h('div', { class: 'grid' }, field('GTIN', gtin), itemField),
    field('Reason', reason),
    field('Incident number', incident, 'Your own case or incident reference'),
    h('label', { class: 'check' }, test, ' Test request (a drill, not a real investigation)'),
    h('button', { type: 'submit' }, 'Send trace request'),
    status.element,
  );
  return form;
}
