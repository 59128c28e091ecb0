import type { ContainerVerdicts } from '../api/openapi-types';
import { ApiFailure, client, newRequestKey, ok, once } from '../api/api-client';
import { announce, h, statusLine } from '../ui/dom';
import { reasonHeading } from './verdict-panel';

/**
 * A scanned case or pallet label: every pack inside and its verdict (read from the ledger's
 * aggregation, the case left sealed), the ones not to supply first; and, when every pack may be
 * supplied, dispensing the whole case with one deliberate click.
 */
export function casePanel(answer: ContainerVerdicts, actions: HTMLElement): HTMLElement {
  const safe = answer.doNotSupply === 0 && answer.total > 0;
  const status = statusLine();
  const buttons = h('div', { class: 'actions' });
  if (safe) {
    const dispense = h(
      'button',
      {
        type: 'button',
        class: 'primary',
        onclick: () => {
          dispense.disabled = true;
          ok(
            client.POST('/api/v1/containers/{sscc}/dispense', {
              params: { path: { sscc: answer.sscc } },
              headers: once(newRequestKey()),
            }),
          )
            .then((done) => {
              status.ok(
                `Dispensed ${String(done.count)} packs. The whole ${answer.kind} is recorded as supplied.`,
              );
              announce(`Dispensed ${String(done.count)} packs.`);
            })
            .catch((error: unknown) => {
              dispense.disabled = false;
              status.error(
                error instanceof ApiFailure ? error.message : 'Could not dispense the case.',
              );
            });
        },
      },
      `Dispense whole ${answer.kind} (${String(answer.total)} packs)`,
    );
    buttons.append(dispense);
  }
  return h(
    'section',
    {
      class: `verdict case-verdict ${safe ? 'safe' : 'unsafe'}`,
      'aria-labelledby': 'case-title',
      tabindex: '-1',
      id: 'case-verdict',
    },
    h(
      'h2',
      { id: 'case-title', class: 'verdict-title' },
      safe
        ? `✓ ${capitalised(answer.kind)} of ${String(answer.total)} genuine packs — safe to dispense`
        : `✕ ${String(answer.doNotSupply)} of ${String(answer.total)} packs must not be dispensed`,
    ),
    h('p', { class: 'case-code' }, `SSCC ${answer.sscc}`),
    h(
      'ul',
      { class: 'case-packs' },
      ...answer.verdicts.map((verdict) =>
        h(
          'li',
          { class: verdict.verdict === 'AUTHENTIC_ACTIVE' ? 'pack-safe' : 'pack-unsafe' },
          h('strong', {}, `Serial ${verdict.code.serial}`),
          ' — ',
          verdict.verdict === 'AUTHENTIC_ACTIVE'
            ? 'genuine'
            : verdict.reasons.map((reason) => reasonHeading(reason.code)).join(', '),
        ),
      ),
    ),
    buttons,
    status.element,
    actions,
  );
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
