import { Gs1Error, parsePackCode } from '@packtrace/gs1';
import { ApiFailure, client, newRequestKey, ok, once } from '../api/api-client';
import type { Alert, Party } from '../api/openapi-types';
import { followEvents } from '../api/event-stream';
import { field, h, replace, statusLine } from '../ui/dom';
import { reasonHeading } from './verdict-panel';

/** Which open alerts the list shows: all, or one reporter's (for one reason). */
interface AlertFilter {
  reporter?: string;
  code?: string;
}
/** A page's alerts, the newest first (the ledger pages them by id). */
function newestFirst(alerts: Alert[]): Alert[] {
  return [...alerts].sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : -1));
}
/** Open alerts listed a page at a time, so a flood does not load all at once. */
const ALERTS_PAGE = 50;

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

/**
 * Runs `load` now, or once more after the run in progress: a burst of live events costs at
 * most two loads, not one each.
 */
function coalesced(load: () => Promise<void>): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    load()
      .catch(() => undefined)
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          run();
        }
      });
  };
  return run;
}

/** Live alerts, provenance timelines, parties and counts at a glance. */
export function regulatorView(): { element: HTMLElement; dispose: () => void } {
  const parties = new Map<string, Party>();
  const name = (gln: string | undefined) =>
    gln === undefined ? '' : (parties.get(gln)?.name ?? gln);
  // Alert counts come from the gateway (GET /alerts/summary); packs and scans are counted from
  // the live events since the page opened: nothing replays the ledger's past to count it.
  const live = { packs: 0, scans: 0 };
  let summary = { raised: 0, open: 0, confirmed: 0, cleared: 0 };
  const countsView = h('dl', { class: 'counts', 'aria-live': 'polite' });
  const count = (id: string, label: string, value: number) =>
    h('div', {}, h('dt', {}, label), h('dd', { id }, value.toLocaleString()));
  const renderCounts = () =>
    replace(
      countsView,
      count('count-alerts', 'Alerts raised', summary.raised),
      count('count-open', 'Open alerts', summary.open),
      count('count-confirmed', 'Confirmed illegitimate', summary.confirmed),
      count('count-packs', 'Packs commissioned since this page opened', live.packs),
      count('count-scans', 'Scans recorded since this page opened', live.scans),
    );
  const connection = h('span', { class: 'live' }, 'connecting…');

  const alertsList = h('ul', { class: 'alerts', 'aria-live': 'polite' });
  // The open alerts by reporter and reason: a flood from one reporter is one line, and a click
  // lists only those; the list itself is filtered by the gateway before it is paged.
  const groupsBody = h('tbody', {});
  const groupsTable = h(
    'table',
    { class: 'alert-groups' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, 'Reported by'),
        h('th', { scope: 'col' }, 'Reason'),
        h('th', { scope: 'col' }, 'Open'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Filter')),
      ),
    ),
    groupsBody,
  );
  let filter: AlertFilter = {};
  const reporterSelect = h('select', { name: 'reporter' });
  const filterLine = h('p', { class: 'alert-filter' });
  const moreButton = h('button', { type: 'button', class: 'secondary', hidden: true }, 'Show more');
  let bookmark = '';
  const showOnly = (next: AlertFilter) => {
    filter = next;
    reporterSelect.value = next.reporter ?? '';
    refreshAlerts();
  };
  reporterSelect.addEventListener('change', () =>
    showOnly(reporterSelect.value === '' ? {} : { reporter: reporterSelect.value }),
  );
  const renderReporters = () => {
    replace(
      reporterSelect,
      h('option', { value: '' }, 'Every reporter'),
      ...[...parties.values()].map((party) =>
        h('option', { value: party.gln, selected: party.gln === filter.reporter }, party.name),
      ),
    );
  };
  const openAlerts = (after: string) =>
    ok(
      client.GET('/api/v1/alerts', {
        params: {
          query: {
            status: 'open',
            pageSize: ALERTS_PAGE,
            ...(filter.reporter === undefined ? {} : { reporter: filter.reporter }),
            ...(filter.code === undefined ? {} : { code: filter.code }),
            ...(after === '' ? {} : { bookmark: after }),
          },
        },
      }),
    );
  const alertItem = (alert: Alert): HTMLElement => {
    const note = h('input', { name: 'note', required: true, placeholder: 'Finding' });
    const status = statusLine();
    const resolve = (outcome: 'confirmed' | 'cleared') => {
      if (note.value.trim() === '') {
        status.error('Write the finding first.');
        note.focus();
        return;
      }
      ok(
        client.POST('/api/v1/alerts/{id}/resolve', {
          params: { path: { id: alert.id } },
          body: { outcome, note: note.value.trim() },
          headers: once(newRequestKey()),
        }),
      )
        .then(() => refreshAlerts())
        .catch((error: unknown) =>
          status.error(error instanceof ApiFailure ? error.message : 'Could not resolve.'),
        );
    };
    const item = alert.items[0];
    return h(
      'li',
      { class: 'alert-item' },
      h('strong', {}, alert.reasons.map(reasonHeading).join(', ')),
      ` — ${item === undefined ? '' : item.type === 'pack' ? `${item.gtin} / ${item.serial}` : item.sscc}, raised by ${name(alert.raisedBy)} at ${new Date(alert.raisedAt).toLocaleString()}`,
      h('p', {}, alert.note),
      h(
        'div',
        { class: 'actions' },
        field('Finding', note),
        h(
          'button',
          { type: 'button', class: 'danger', onclick: () => resolve('confirmed') },
          'Confirm illegitimate',
        ),
        h(
          'button',
          { type: 'button', class: 'secondary', onclick: () => resolve('cleared') },
          'Clear',
        ),
      ),
      status.element,
    );
  };
  moreButton.addEventListener('click', () => {
    void openAlerts(bookmark).then((page) => {
      alertsList.append(...newestFirst(page.items).map(alertItem));
      bookmark = page.bookmark;
      moreButton.hidden = bookmark === '';
    });
  });
  const loadAlerts = async (): Promise<void> => {
    const [page, counts, groups] = await Promise.all([
      openAlerts(''),
      ok(client.GET('/api/v1/alerts/summary')),
      ok(client.GET('/api/v1/alerts/groups')),
    ]);
    summary = counts;
    renderCounts();
    replace(
      groupsBody,
      ...groups.items.map((group) =>
        h(
          'tr',
          {},
          h('td', {}, name(group.raisedBy)),
          h('td', {}, reasonHeading(group.code)),
          h('td', { class: 'number' }, group.open.toLocaleString()),
          h(
            'td',
            {},
            h(
              'button',
              {
                type: 'button',
                class: 'secondary',
                onclick: () => showOnly({ reporter: group.raisedBy, code: group.code }),
              },
              'Show only these',
            ),
          ),
        ),
      ),
    );
    groupsTable.hidden = groups.items.length === 0;
    const filtered = filter.reporter !== undefined || filter.code !== undefined;
    replace(
      filterLine,
      filtered
        ? `Showing the open alerts raised by ${name(filter.reporter)}${filter.code === undefined ? '' : ` for “${reasonHeading(filter.code)}”`}. `
        : null,
      filtered
        ? h(
            'button',
            { type: 'button', class: 'secondary', onclick: () => showOnly({}) },
            'Show all',
          )
        : null,
    );
    bookmark = page.bookmark;
    moreButton.hidden = bookmark === '';
    replace(
      alertsList,
      ...(page.items.length === 0
        ? [h('li', {}, filtered ? 'No open alerts of these.' : 'No open alerts.')]
        : newestFirst(page.items).map(alertItem)),
    );
  };

  // Provenance drawn as a timeline of custody.
  const code = h('input', {
    name: 'code',
    required: true,
    placeholder: '(01)…(21)… or a Digital Link',
  });
  const timeline = h('ol', { class: 'timeline' });
  const provenanceStatus = statusLine();
  const provenance = h(
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

  const partyList = h('ul', { class: 'parties' });
  const loadParties = async (): Promise<void> => {
    const page = await ok(client.GET('/api/v1/parties', { params: { query: { pageSize: 200 } } }));
    page.items.forEach((party) => parties.set(party.gln, party));
    renderReporters();
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
                  ).then(loadParties),
              },
              suspended ? 'Authorise' : 'Suspend',
            ),
          );
        }),
    );
  };

  const refreshAlerts = coalesced(loadAlerts);
  const refreshParties = coalesced(loadParties);
  const stop = followEvents(
    (event) => {
      if (event.type === 'PacksCommissioned')
        live.packs += event.data.epcis[0]?.epcList?.length ?? 0;
      // A recorded scan is PackScanned, or AlertRaised with an inspecting step (flags hold instead).
      if (
        event.type === 'PackScanned' ||
        (event.type === 'AlertRaised' && event.data.epcis[0]?.bizStep === 'inspecting')
      )
        live.scans += 1;
      if (event.type.startsWith('Alert') || event.type === 'ShipmentReceivedWithDiscrepancy')
        refreshAlerts();
      if (event.type.startsWith('Party')) refreshParties();
      renderCounts();
    },
    (connected) => (connection.textContent = connected ? '● live' : 'reconnecting…'),
  );
  void loadParties().then(refreshAlerts);
  renderCounts();
  return {
    element: h(
      'main',
      { id: 'main', class: 'regulator' },
      h('h1', {}, 'Oversight'),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'glance-title' },
        h('h2', { id: 'glance-title' }, 'At a glance ', connection),
        countsView,
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'alerts-title' },
        h('h2', { id: 'alerts-title' }, 'Open alerts'),
        groupsTable,
        field('Reported by', reporterSelect),
        filterLine,
        alertsList,
        moreButton,
      ),
      provenance,
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'parties-title' },
        h('h2', { id: 'parties-title' }, 'Trading partners'),
        partyList,
      ),
    ),
    dispose: stop,
  };
}
