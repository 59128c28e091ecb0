import { ApiFailure, client, ok } from '../../api/api-client';
import type { ListedTraceRequest, TraceAnswer } from '../../api/openapi-types';
import { field, h, replace, statusLine } from '../../ui/dom';
import { traceAnswerView } from '../trace-answer-view';
import { traceRequestForm } from '../trace-request-form';
import type { PartyNames } from './party-names';

type Listing = 'open' | 'overdue' | 'answered';

function subjectText(request: ListedTraceRequest): string {
  return request.subject.kind === 'pack'
    ? `pack ${request.subject.gtin} / ${request.subject.serial}`
    : `lot ${request.subject.gtin} / ${request.subject.lot}`;
}

function stateText(request: ListedTraceRequest): string {
  if (request.answer !== null) return request.answer.onTime ? 'Answered on time' : 'Answered late';
  return request.overdue ? 'Overdue' : 'Open';
}

/**
 * The regulator's "Trace requests" section: asking, the requests open or overdue at a chosen
 * moment (now unless changed, so what is overdue is the ledger's answer for that moment), those
 * answered, and an answer's owners and transactions.
 */
export function traceRequestsPanel({ name }: PartyNames): {
  element: HTMLElement;
  refresh: () => void;
} {
  const asOf = h('input', { name: 'asOf', required: true, value: new Date().toISOString() });
  const listing = h(
    'select',
    { name: 'listing' },
    h('option', { value: 'open' }, 'Open'),
    h('option', { value: 'overdue' }, 'Overdue'),
    h('option', { value: 'answered' }, 'Answered'),
  );
  const rows = h('tbody', {});
  const answer = h('section', { class: 'trace-answer', 'aria-live': 'polite' });
  const status = statusLine();

  const showAnswer = (request: ListedTraceRequest, bookmark = '') => {
    ok(
      client.GET('/api/v1/trace-requests/{id}/answer', {
        params: { path: { id: request.id }, query: bookmark === '' ? {} : { bookmark } },
      }),
    )
      .then((found: TraceAnswer) =>
        replace(answer, ...traceAnswerView(found, name, (next) => showAnswer(request, next))),
      )
      .catch((error: unknown) =>
        status.error(error instanceof ApiFailure ? error.message : 'Could not load the answer.'),
      );
  };

  const refresh = () => {
    status.clear();
    const at = asOf.value.trim();
    ok(
      client.GET('/api/v1/trace-requests', {
        params: { query: { status: listing.value as Listing, asOf: at, pageSize: 200 } },
      }),
    )
      .then((page) => {
        replace(
          rows,
          ...page.items.map((request) =>
            h(
              'tr',
              { class: `trace-request${request.overdue ? ' overdue' : ''}` },
              h('td', {}, request.incident, request.test ? ' (test)' : ''),
              h('td', {}, subjectText(request)),
              h('td', {}, request.reason),
              h('td', {}, name(request.requestedBy)),
              h(
                'td',
                {},
                h('time', { datetime: request.dueAt }, new Date(request.dueAt).toLocaleString()),
              ),
              h('td', {}, stateText(request)),
              h(
                'td',
                {},
                request.answer === null
                  ? null
                  : h(
                      'button',
                      { type: 'button', onclick: () => showAnswer(request) },
                      'Show answer',
                    ),
              ),
            ),
          ),
        );
        status.ok(
          page.items.length === 0
            ? `No ${listing.value} trace requests at ${at}.`
            : `${page.items.length} ${listing.value} trace request(s) at ${at}.`,
        );
      })
      .catch((error: unknown) =>
        status.error(error instanceof ApiFailure ? error.message : 'Could not list the requests.'),
      );
  };

  const element = h(
    'section',
    { class: 'card trace-requests', 'aria-labelledby': 'trace-requests-title' },
    h('h2', { id: 'trace-requests-title' }, 'Trace requests'),
    traceRequestForm('regulator', refresh),
    h(
      'form',
      {
        class: 'grid',
        onsubmit: (event: Event) => {
          event.preventDefault();
          refresh();
        },
      },
      field('Show', listing),
      field('As of (UTC)', asOf, 'Overdue is computed at this moment'),
      h('button', { type: 'submit' }, 'List requests'),
    ),
    status.element,
    h(
      'table',
      { class: 'trace-request-list' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...['Incident', 'Subject', 'Reason', 'Asked by', 'Due', 'State', ''].map((text) =>
            h('th', { scope: 'col' }, text),
          ),
        ),
      ),
      rows,
    ),
    answer,
  );
  return { element, refresh };
}
