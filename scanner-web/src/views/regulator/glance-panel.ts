import { h, replace } from '../../ui/dom';

/** The alert counts GET /alerts/summary answers. */
export interface AlertSummary {
  readonly raised: number;
  readonly open: number;
  readonly confirmed: number;
  readonly cleared: number;
}

/** The "At a glance" panel: alert counts, live counts and whether the event stream is up. */
export interface GlancePanel {
  readonly element: HTMLElement;
  /** Packs and scans counted from the live events since the page opened. */
  readonly live: { packs: number; scans: number };
  /** Takes the gateway's alert counts and shows them. */
  readonly showSummary: (summary: AlertSummary) => void;
  /** Shows the counts as they are now. */
  readonly render: () => void;
  /** Shows whether the event stream is connected. */
  readonly showConnected: (connected: boolean) => void;
}

/**
 * Alert counts come from the gateway (GET /alerts/summary); packs and scans are counted from the
 * live events since the page opened: nothing replays the ledger's past to count it.
 */
export function glancePanel(): GlancePanel {
  const live = { packs: 0, scans: 0 };
  let summary: AlertSummary = { raised: 0, open: 0, confirmed: 0, cleared: 0 };
  const countsView = h('dl', { class: 'counts', 'aria-live': 'polite' });
  const count = (id: string, label: string, value: number) =>
    h('div', {}, h('dt', {}, label), h('dd', { id }, value.toLocaleString()));
  const render = () =>
    replace(
      countsView,
      count('count-alerts', 'Alerts raised', summary.raised),
      count('count-open', 'Open alerts', summary.open),
      count('count-confirmed', 'Confirmed illegitimate', summary.confirmed),
      count('count-packs', 'Packs commissioned since this page opened', live.packs),
      count('count-scans', 'Scans recorded since this page opened', live.scans),
    );
  const connection = h('span', { class: 'live' }, 'connecting…');
  return {
    element: h(
      'section',
      { class: 'card', 'aria-labelledby': 'glance-title' },
      h('h2', { id: 'glance-title' }, 'At a glance ', connection),
      countsView,
    ),
    live,
    showSummary: (next) => {
      summary = next;
      render();
    },
    render,
    showConnected: (connected) => {
      connection.textContent = connected ? '● live' : 'reconnecting…';
    },
  };
}
