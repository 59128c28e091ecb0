import { ApiFailure, client, newRequestKey, ok, once } from '../../api/api-client';
import type { Alert } from '../../api/openapi-types';
import { field, h, replace, statusLine } from '../../ui/dom';
import { reasonHeading } from '../verdict-panel';
import { coalesced } from './coalesced';
import type { AlertSummary } from './glance-panel';
import type { PartyNames } from './party-names';

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

/** The "Open alerts" panel: alerts grouped by reporter and reason, and the regulator's findings. */
export interface AlertsPanel {
  readonly element: HTMLElement;
  /** Loads the alerts again (coalesced: a burst of live events costs at most two loads). */
  readonly refresh: () => void;
  /** Lists the parties loaded so far in the reporter filter. */
  readonly renderReporters: () => void;
}

/**
 * The open alerts, a page at a time, with their groups. Each load also fetches the alert counts
 * and hands them to `showSummary` (the "At a glance" panel).
 */
export function alertsPanel(
  names: PartyNames,
  showSummary: (summary: AlertSummary) => void,
): AlertsPanel {
  const { parties, name } = names;
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
    refresh();
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
        .then(() => refresh())
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
  const load = async (): Promise<void> => {
    const [page, counts, groups] = await Promise.all([
      openAlerts(''),
      ok(client.GET('/api/v1/alerts/summary')),
      ok(client.GET('/api/v1/alerts/groups')),
    ]);
    showSummary(counts);
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
  const refresh = coalesced(load);
  return {
    element: h(
      'section',
      { class: 'card', 'aria-labelledby': 'alerts-title' },
      h('h2', { id: 'alerts-title' }, 'Open alerts'),
      groupsTable,
      field('Reported by', reporterSelect),
      filterLine,
      alertsList,
      moreButton,
    ),
    refresh,
    renderReporters,
  };
}
