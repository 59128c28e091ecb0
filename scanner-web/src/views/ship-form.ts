import { ApiFailure, client, newRequestKey, ok, once } from '../api/api-client';
import { field, h, statusLine } from '../ui/dom';
import { parseItemLines } from './item-list';

/** Ship items you hold to an authorised trading partner (manufacturers, distributors). */
export function shipForm(myGln: string, defaultGtin: () => string | undefined): HTMLElement {
  const to = h(
    'select',
    { name: 'to', required: true },
    h('option', { value: '' }, 'Loading partners…'),
  );
  const items = h('textarea', { name: 'items', rows: '4', required: true });
  const status = statusLine();
  void ok(client.GET('/api/v1/parties', { params: { query: { pageSize: 200 } } })).then((page) => {
    to.replaceChildren(
      h('option', { value: '' }, 'Choose a partner'),
      ...page.items
        .filter(
          (party) =>
            party.gln !== myGln && party.role !== 'regulator' && party.status === 'authorised',
        )
        .map((party) =>
          h('option', { value: party.gln }, `${party.name} (${party.role}, ${party.gln})`),
        ),
    );
  });
  return h(
    'form',
    {
      class: 'card',
      'aria-labelledby': 'ship-title',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const parsed = parseItemLines(items.value, defaultGtin());
        if (parsed.errors.length > 0 || parsed.items.length === 0) {
          status.error(parsed.errors.join('; ') || 'List at least one item.');
          return;
        }
        ok(
          client.POST('/api/v1/shipments', {
            body: { to: to.value, items: parsed.items },
            headers: once(newRequestKey()),
          }),
        )
          .then((shipment) => {
            status.ok(
              `Shipped ${parsed.items.length} item(s); in transit until the receiver confirms (shipment ${shipment.id.slice(0, 12)}…).`,
            );
            items.value = '';
          })
          .catch((error: unknown) =>
            status.error(error instanceof ApiFailure ? error.message : 'Could not ship.'),
          );
      },
    },
    h('h2', { id: 'ship-title' }, 'Ship'),
    field('To', to),
    field('Items, one per line', items, 'A serial, a pack code, or an SSCC (case or pallet)'),
    h('button', { type: 'submit' }, 'Ship'),
    status.element,
  );
}
