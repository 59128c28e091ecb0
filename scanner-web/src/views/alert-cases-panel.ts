import { ApiFailure, client, newRequestKey, ok, once } from '../api/api-client';
import type {
  Alert,
  CaseTimelineEntry,
  CaseVerificationRequest,
  IllegitimateNotice,
  Me,
  Party,
} from '../api/openapi-types';
import { field, h, replace, statusLine } from '../ui/dom';
import { reasonHeading } from './verdict-panel';

type RootCause = NonNullable<Alert['rootCause']>;
type CaseStep = 'acknowledge' | 'investigate' | 'escalate' | 'close';

const STATE_LABEL: Record<Alert['state'], string> = {
  new: 'New',
  active: 'Active',
  under_investigation: 'Under investigation',
  escalated: 'Escalated',
  closed: 'Closed',
};
const STEP_LABEL: Record<CaseStep, string> = {
  acknowledge: 'Acknowledge',
  investigate: 'Start investigation',
  escalate: 'Escalate to the regulator',
  close: 'Close with a root cause',
};
const TIMELINE_LABEL: Record<CaseTimelineEntry['step'], string> = {
  raise: 'Raised',
  acknowledge: 'Acknowledged',
  investigate: 'Investigation started',
  escalate: 'Escalated',
  close: 'Closed',
  resolve: 'Resolved',
  request_verification: 'Verification requested',
  terminate_notice: 'Notice terminated',
};
const ROOT_CAUSE_LABEL: Record<RootCause, string> = {
  user_or_scanning_error: 'User or scanning error',
  software_error: 'Software error',
  manufacturer_data_error_fixed: 'Manufacturer data error (fixed)',
  manufacturer_data_error_not_fixed: 'Manufacturer data error (not fixed)',
  parallel_distributor_error: 'Parallel distributor error',
  suspected_falsification: 'Suspected falsification',
  confirmed_falsification: 'Confirmed falsification',
};
const CASES_PAGE = 50;
const DIGEST = /^[0-9a-f]{64}$/;

function message(error: unknown, fallback: string): string {
  return error instanceof ApiFailure ? error.message : fallback;
}

/**
 * The cases this party works on (issue 25): the regulator's open ones, the manufacturer's about
 * its products, a trader's about its stock and those it raised. Each shows its state, timeline,
 * verification requests and notice, and offers the steps; the ledger decides who may take them
 * and its refusal is shown as it gives it.
 */
export function alertCasesPanel(me: Pick<Me, 'role' | 'gln'>): HTMLElement {
  const parties = new Map<string, Party>();
  const name = (gln: string) => parties.get(gln)?.name ?? gln;
  const list = h('ul', { class: 'cases', 'aria-live': 'polite' });
  const listStatus = statusLine();

  const page = (scope?: 'raised' | 'stock' | 'product') =>
    ok(
      client.GET('/api/v1/alerts', {
        params: {
          query: {
            pageSize: CASES_PAGE,
            ...(scope === undefined ? { status: 'open' as const } : { scope }),
          },
        },
      }),
    ).then((answer) => answer.items);

  const cases = async (): Promise<Alert[]> => {
    const pages =
      me.role === 'regulator'
        ? [await page()]
        : me.role === 'manufacturer'
          ? [await page('product'), await page('raised')]
          : [await page('stock'), await page('raised')];
    const byId = new Map<string, Alert>();
    for (const alert of pages.flat()) byId.set(alert.id, alert);
    return [...byId.values()].sort((a, b) => (a.raisedAt < b.raisedAt ? 1 : -1));
  };

  const act = async (
    status: ReturnType<typeof statusLine>,
    call: () => Promise<unknown>,
    done: string,
  ) => {
    try {
      await call();
      status.ok(done);
      await load();
    } catch (error) {
      status.error(message(error, 'The ledger did not take it.'));
    }
  };

  const timeline = (alert: Alert) =>
    h(
      'ol',
      { class: 'case-timeline' },
      ...alert.timeline.map((entry) =>
        h(
          'li',
          {},
          `${TIMELINE_LABEL[entry.step]} by ${name(entry.by)} (${entry.as.join(', ')}), ${new Date(entry.at).toLocaleString()}`,
          entry.rootCause === undefined ? null : ` — ${ROOT_CAUSE_LABEL[entry.rootCause]}`,
          `: ${entry.note}`,
          entry.evidence.length === 0
            ? null
            : h('small', { class: 'evidence' }, ` evidence ${entry.evidence.join(', ')}`),
        ),
      ),
    );

  const requestBlock = (alert: Alert, request: CaseVerificationRequest) => {
    const status = statusLine();
    const code = h('input', { name: 'code', placeholder: 'Pack code', required: true });
    const mine = request.requestedOf === me.gln && request.status === 'open';
    return h(
      'div',
      { class: 'case-request' },
      h(
        'p',
        {},
        `${name(request.requestedBy)} asked ${name(request.requestedOf)} to verify ${request.count} packs of lot ${request.lot}: ${request.results.length} of ${request.count} verified (${request.status}).`,
      ),
      h(
        'ul',
        {},
        ...request.results.map((result) =>
          h(
            'li',
            {},
            `${result.serial}: ${result.verdict}`,
            result.reasons.length === 0 ? '' : ` (${result.reasons.map(reasonHeading).join(', ')})`,
          ),
        ),
      ),
      mine
        ? h(
            'form',
            {
              class: 'inline',
              onsubmit: (event: Event) => {
                event.preventDefault();
                void act(
                  status,
                  () =>
                    ok(
                      client.POST('/api/v1/alerts/{id}/verification-requests/{requestId}/results', {
                        params: { path: { id: alert.id, requestId: request.id } },
                        body: { code: code.value.trim() },
                        headers: once(newRequestKey()),
                      }),
                    ),
                  'Verification recorded.',
                );
              },
            },
            field('Pack code to verify', code),
            h('button', { type: 'submit' }, 'Record verification'),
          )
        : null,
      status.element,
    );
  };

  const noticeBlock = (alert: Alert) => {
    const holder = h('div', { class: 'case-notice' });
    const status = statusLine();
    const show = (notice: IllegitimateNotice) => {
      const note = h('input', { name: 'termination', placeholder: 'Why it can end' });
      replace(
        holder,
        h('h4', {}, `Illegitimate-product notice (${notice.status})`),
        h(
          'p',
          {},
          `Sent ${new Date(notice.sentAt).toLocaleString()}, due ${new Date(notice.dueAt).toLocaleString()}, to ${notice.addressees.map(name).join(', ')}.`,
        ),
        h(
          'p',
          {},
          `${notice.product?.name ?? 'Unknown product'}, lot ${notice.lots.join(', ')}, serials ${notice.serials.join(', ')} (${notice.quantity.packs} packs), found by ${name(notice.howFound.raisedBy)}: ${notice.howFound.note}`,
        ),
        notice.status === 'sent' && (me.role === 'regulator' || me.role === 'manufacturer')
          ? h(
              'form',
              {
                class: 'inline',
                onsubmit: (event: Event) => {
                  event.preventDefault();
                  void act(
                    status,
                    () =>
                      ok(
                        client.POST('/api/v1/alerts/{id}/notice/terminate', {
                          params: { path: { id: alert.id } },
                          body: { note: note.value.trim() },
                          headers: once(newRequestKey()),
                        }),
                      ),
                    'Notice terminated.',
                  );
                },
              },
              field('Termination note', note),
              h('button', { type: 'submit', class: 'secondary' }, 'Terminate notice'),
            )
          : null,
        status.element,
      );
    };
    void ok(client.GET('/api/v1/alerts/{id}/notice', { params: { path: { id: alert.id } } }))
      .then(show)
      .catch((error: unknown) => status.error(message(error, 'Could not read the notice.')));
    replace(holder, status.element);
    return holder;
  };

  const stepForm = (alert: Alert) => {
    const status = statusLine();
    const step = h(
      'select',
      { name: 'step' },
      ...(Object.keys(STEP_LABEL) as CaseStep[]).map((value) =>
        h('option', { value }, STEP_LABEL[value]),
      ),
    );
    const rootCause = h(
      'select',
      { name: 'rootCause' },
      h('option', { value: '' }, '—'),
      ...(Object.keys(ROOT_CAUSE_LABEL) as RootCause[]).map((value) =>
        h('option', { value }, ROOT_CAUSE_LABEL[value]),
      ),
    );
    const note = h('textarea', { name: 'note', maxlength: 1000, required: true, rows: 2 });
    const evidence = h('input', {
      name: 'evidence',
      placeholder: 'SHA-256 digests, space-separated',
    });
    return h(
      'form',
      {
        class: 'case-step',
        onsubmit: (event: Event) => {
          event.preventDefault();
          const digests = evidence.value.split(/[\s,]+/).filter((d) => d !== '');
          if (note.value.trim() === '') {
            status.error('Write a note for this step.');
            note.focus();
            return;
          }
          if (!digests.every((d) => DIGEST.test(d))) {
            status.error('Evidence is given as SHA-256 digests: 64 lowercase hexadecimal digits.');
            return;
          }
          void act(
            status,
            () =>
              ok(
                client.POST('/api/v1/alerts/{id}/steps', {
                  params: { path: { id: alert.id } },
                  body: {
                    step: step.value as CaseStep,
                    ...(rootCause.value === '' ? {} : { rootCause: rootCause.value as RootCause }),
                    note: note.value.trim(),
                    evidence: digests,
                  },
                  headers: once(newRequestKey()),
                }),
              ),
            'Step recorded.',
          );
        },
      },
      field('Step', step),
      field('Root cause', rootCause, 'needed to close'),
      field('Note', note),
      field('Evidence', evidence),
      h('button', { type: 'submit' }, 'Take step'),
      status.element,
    );
  };

  const requestForm = (alert: Alert) => {
    const status = statusLine();
    const party = h(
      'select',
      { name: 'party' },
      ...[...parties.values()]
        .filter((p) => p.role !== 'regulator')
        .map((p) => h('option', { value: p.gln }, p.name)),
    );
    const count = h('input', { name: 'count', type: 'number', min: 3, max: 500, value: 3 });
    const note = h('input', { name: 'requestNote', required: true });
    return h(
      'form',
      {
        class: 'case-request-form',
        onsubmit: (event: Event) => {
          event.preventDefault();
          void act(
            status,
            () =>
              ok(
                client.POST('/api/v1/alerts/{id}/verification-requests', {
                  params: { path: { id: alert.id } },
                  body: { party: party.value, count: Number(count.value), note: note.value.trim() },
                  headers: once(newRequestKey()),
                }),
              ),
            'Verification requested.',
          );
        },
      },
      field('Ask party', party),
      field('Packs to verify', count, 'at least 3'),
      field('Request note', note),
      h('button', { type: 'submit', class: 'secondary' }, 'Ask to verify more packs'),
      status.element,
    );
  };

  const caseItem = (alert: Alert) => {
    const item = alert.items[0];
    const investigating = alert.state === 'under_investigation' || alert.state === 'escalated';
    return h(
      'li',
      { class: 'case-item', 'data-alert-id': alert.id },
      h(
        'h3',
        {},
        alert.reasons.map(reasonHeading).join(', '),
        ` — ${item === undefined ? '' : item.type === 'pack' ? `${item.gtin} / ${item.serial}` : item.sscc} `,
        h('span', { class: 'case-state' }, STATE_LABEL[alert.state]),
      ),
      h(
        'p',
        {},
        `Raised by ${name(alert.raisedBy)}, ${new Date(alert.raisedAt).toLocaleString()}.`,
        alert.rootCause === null ? null : ` Root cause: ${ROOT_CAUSE_LABEL[alert.rootCause]}.`,
      ),
      timeline(alert),
      ...alert.verificationRequests.map((request) => requestBlock(alert, request)),
      alert.rootCause === 'confirmed_falsification' ? noticeBlock(alert) : null,
      alert.state === 'closed' ? null : stepForm(alert),
      investigating && (me.role === 'manufacturer' || me.role === 'regulator')
        ? requestForm(alert)
        : null,
    );
  };

  async function load(): Promise<void> {
    try {
      const [directory, items] = await Promise.all([
        parties.size > 0
          ? Promise.resolve(undefined)
          : ok(client.GET('/api/v1/parties', { params: { query: { pageSize: 200 } } })),
        cases(),
      ]);
      for (const party of directory?.items ?? []) parties.set(party.gln, party);
      replace(
        list,
        ...(items.length === 0 ? [h('li', {}, 'No alert cases.')] : items.map(caseItem)),
      );
    } catch (error) {
      listStatus.error(message(error, 'Could not load the alert cases.'));
    }
  }
  void load();

  return h(
    'section',
    { class: 'card alert-cases', 'aria-labelledby': 'cases-title' },
    h('h2', { id: 'cases-title' }, 'Alert cases'),
    h(
      'button',
      { type: 'button', class: 'secondary', onclick: () => void load() },
      'Refresh cases',
    ),
    listStatus.element,
    list,
  );
}
