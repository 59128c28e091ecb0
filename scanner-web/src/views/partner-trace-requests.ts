import { ApiFailure, client, newRequestKey, ok, once } from '../api/api-client';
import type { ListedTraceRequest } from '../api/openapi-types';
import { h, replace, statusLine } from '../ui/dom';
import { traceAnswerView } from './trace-answer-view';
import { traceRequestForm } from './trace-request-form';

function subjectText(request: ListedTraceRequest): string {
  return request.subject.kind === 'pack'
    ? `pack ${request.subject.serial}`
    : `lot ${request.subject.lot}`;
}

/**
 * A trading partner's trace requests: the "Ask for a trace" form, and the requests its party made
 * or must answer (open first, then answered), with the answer of each answered one. The party the
 * requests are addressed to (the product's manufacturer, `myGln`) answers them from here; its
 * page shows no form (`ask: false`): a manufacturer answers about its own products, and asks
 * about another's, which is rare, through the API.
 */
export function partnerTraceRequests(myGln?: string, { ask = true } = {}): HTMLElement {
  const names = new Map<string, string>();
  const name = (gln: string | undefined) => (gln === undefined ? '' : (names.get(gln) ?? gln));
  const rows = h('tbody', {});
  const answer = h('section', { class: 'trace-answer', 'aria-live': 'polite' });
  const status = statusLine();

  const showAnswer = (request: ListedTraceRequest, bookmark = '') => {
    ok(
      client.GET('/api/v1/trace-requests/{id}/answer', {
        params: { path: { id: request.id }, query: bookmark === '' ? {} : { bookmark } },
      }),
    )
      .then((found) =>
        replace(answer, ...traceAnswerView(found, name, (next) => showAnswer(request, next))),
      )
      .catch((error: unknown) =>
        status.error(error instanceof ApiFailure ? error.message : 'Could not load the answer.'),
      );
  };

  const answerRequest = (request: ListedTraceRequest) => {
    ok(
      client.POST('/api/v1/trace-requests/{id}/answer', {
        params: { path: { id: request.id } },
        headers: once(newRequestKey()),
      }),
    )
      .then((answered) => {
        status.ok(
          `Answered ${answered.incident}${answered.answer?.onTime === false ? ', late' : ', on time'}.`,
        );
        refresh();
      })
      .catch((error: unknown) =>
        status.error(error instanceof ApiFailure ? error.message : 'Could not answer.'),
      );
  };

  const row = (request: ListedTraceRequest) =>
    h(
      'tr',
      { class: `trace-request${request.overdue ? ' overdue' : ''}` },
      h('td', {}, request.incident, request.test ? ' (test)' : ''),
      h('td', {}, subjectText(request)),
      h('td', {}, request.reason),
      h('td', {}, name(request.requestedBy)),
      h('td', {}, h('time', { datetime: request.dueAt }, new Date(request.dueAt).toLocaleString())),
      h(
        'td',
        {},
        request.answer !== null
          ? request.answer.onTime
            ? 'Answered on time'
            : 'Answered late'
          : request.overdue
            ? 'Overdue'
            : 'Open',
      ),
      h(
        'td',
        {},
        request.answer === null
          ? request.addressee === myGln
            ? h('button', { type: 'button', onclick: () => answerRequest(request) }, 'Answer')
            : null
          : h('button', { type: 'button', onclick: () => showAnswer(request) }, 'Show answer'),
      ),
    );

  function refresh(): void {
    const asOf = new Date().toISOString();
    const list = (status: 'open' | 'answered') =>
      ok(
        client.GET('/api/v1/trace-requests', {
          params: { query: { status, asOf, pageSize: 200 } },
        }),
      );
    Promise.all([list('open'), list('answered')])
      .then(([open, answered]) => replace(rows, ...[...open.items, ...answered.items].map(row)))
      .catch((error: unknown) =>
        status.error(error instanceof ApiFailure ? error.message : 'Could not list the requests.'),
      );
  }

  void ok(client.GET('/api/v1/parties', { params: { query: { pageSize: 200 } } }))
    .then((page) => page.items.forEach((party) => names.set(party.gln, party.name)))
    .catch(() => undefined)
    .finally(refresh);

  return h(
    'section',
    { class: 'card partner-trace-requests', 'aria-labelledby': 'partner-trace-title' },
    h('h2', { id: 'partner-trace-title' }, 'Trace requests'),
    ask ? traceRequestForm('partner', refresh) : null,
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
}
