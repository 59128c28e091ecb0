import { client, newRequestKey, ok, once } from '../../api/api-client';
import { h, replace } from '../../ui/dom';
import { coalesced } from './coalesced';
import type { PartyNames } from './party-names';

/** The "Trading partners" panel: every party but the regulator, to suspend or authorise. */
export interface PartiesPanel {
  readonly element: HTMLElement;
  /** Loads the parties into the shared names and the list. */
  readonly load: () => Promise<void>;
  /** Loads them again (coalesced: a burst of live events costs at most two loads). */
  readonly refresh: () => void;
}

/**
 * The parties, read into `names` so the other panels can name them; `onLoaded` runs after each
 * load fills `names` (the alerts panel lists them as reporters).
 */
export function partiesPanel(names: PartyNames, onLoaded: () => void): PartiesPanel {
  const partyList = h('ul', { class: 'parties' });
  const load = async (): Promise<void> => {
    const page = await ok(client.GET('/api/v1/parties', { params: { query: { pageSize: 200 } } }));
    page.items.forEach((party) => names.parties.set(party.gln, party));
    onLoaded();
    replace(
      partyList,
      ...page.items
        .filter((party) => party.role !== 'regulator')
        .map((party) => {
          const suspended = party.status === 'suspended';
          return h(
            'li',
            {},
            `${party.name} — ${party.role}, ${party.gln}: `,
            h('span', { class: suspended ? 'bad' : 'good' }, party.status),
            ' ',
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () =>
                  void ok(
                    client.POST(
                      suspended
                        ? '/api/v1/parties/{gln}/authorise'
                        : '/api/v1/parties/{gln}/suspend',
                      {
                        params: { path: { gln: party.gln } },
                        body: {
                          reason: suspended
                            ? 'authorised by the regulator'
                            : 'suspended by the regulator',
                        },
                        headers: once(newRequestKey()),
                      },
                    ),
                  ).then(load),
              },
              suspended ? 'Authorise' : 'Suspend',
            ),
          );
        }),
    );
  };
  return {
    element: h(
      'section',
      { class: 'card', 'aria-labelledby': 'parties-title' },
      h('h2', { id: 'parties-title' }, 'Trading partners'),
      partyList,
    ),
    load,
    refresh: coalesced(load),
  };
}
