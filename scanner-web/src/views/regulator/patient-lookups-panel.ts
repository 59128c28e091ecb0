import { ApiFailure, client, ok } from '../../api/api-client';
import type { PatientLookupReport } from '../../api/openapi-types';
import { field, h, replace, statusLine } from '../../ui/dom';

function originsText(origins: PatientLookupReport['packs'][number]['origins']): string {
  return origins.map(({ origin, count }) => `${origin}: ${String(count)}`).join(', ');
}

/**
 * The regulator's "Patients' lookups" section: packs patients checked more than a threshold's
 * times, or from a country other than the gateway's, counted by this gateway (no person kept).
 */
export function patientLookupsPanel(): { element: HTMLElement; refresh: () => void } {
  const threshold = h('input', { name: 'threshold', inputmode: 'numeric', value: '5' });
  const rows = h('tbody', {});
  const status = statusLine();

  const refresh = () => {
    status.clear();
    ok(
      client.GET('/api/v1/check-lookups', {
        params: { query: { threshold: threshold.value.trim() } },
      }),
    )
      .then((report) => {
        replace(
          rows,
          ...report.packs.map((pack) =>
            h(
              'tr',
              { class: 'patient-lookup' },
              h('td', {}, pack.gtin),
              h('td', {}, pack.serial),
              h('td', {}, String(pack.count)),
              h('td', {}, originsText(pack.origins)),
            ),
          ),
        );
        status.ok(
          report.packs.length === 0
            ? `No pack looked up more than ${String(report.threshold)} times or from elsewhere.`
            : `${String(report.packs.length)} pack(s) to look at.`,
        );
      })
      .catch((error: unknown) =>
        status.error(
          error instanceof ApiFailure ? error.message : 'Could not read the lookup counts.',
        ),
      );
  };

  const element = h(
    'section',
    { class: 'card patient-lookups', 'aria-labelledby': 'patient-lookups-title' },
    h('h2', { id: 'patient-lookups-title' }, 'Patients’ lookups'),
    h(
      'form',
      {
        class: 'grid',
        onsubmit: (event: Event) => {
          event.preventDefault();
          refresh();
        },
      },
      field('More than', threshold, 'lookups of one pack, or any from another country'),
      h('button', { type: 'submit' }, 'List packs'),
    ),
    status.element,
    h(
      'table',
      { class: 'patient-lookup-list' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['GTIN', 'Serial', 'Lookups', 'Countries stated'].map((text) =>
            h('th', { scope: 'col' }, text),
          ),
        ),
      ),
      rows,
    ),
  );
  return { element, refresh };
}
