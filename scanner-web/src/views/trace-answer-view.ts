import type { TraceAnswer } from '../api/openapi-types';
import { h } from '../ui/dom';

/**
 * A trace request's answer: who answered when, every known owner, each pack's transactions. A
 * lot's answer comes a page of packs at a time; `next` shows the page after this one.
 */
export function traceAnswerView(
  answer: TraceAnswer,
  name: (gln: string | undefined) => string,
  next?: (bookmark: string) => void,
): HTMLElement[] {
  return [
    h('h3', {}, `Answer to ${answer.request.incident}`),
    h(
      'p',
      {},
      `Answered by ${name(answer.request.answer?.answeredBy)} at ${new Date(
        answer.request.answer?.answeredAt ?? '',
      ).toLocaleString()}${answer.request.answer?.onTime === false ? ', late' : ''}${
        answer.complete ? '' : ' (more packs of the lot follow)'
      }`,
    ),
    h('h4', {}, 'All known owners'),
    h('ol', { class: 'trace-owners' }, ...answer.owners.map((gln) => h('li', {}, name(gln)))),
    ...answer.packs.map((pack) =>
      h(
        'div',
        { class: 'trace-pack' },
        h('h4', {}, `Pack ${pack.serial} (lot ${pack.lot})`),
        h(
          'ol',
          { class: 'timeline' },
          ...pack.events.map((entry) =>
            h(
              'li',
              {},
              h('time', { datetime: entry.at }, new Date(entry.at).toLocaleString()),
              ' ',
              h('strong', {}, entry.bizStep),
              ' ',
              entry.from !== undefined && entry.to !== undefined
                ? `${name(entry.from)} → ${name(entry.to)}`
                : name(entry.by),
            ),
          ),
        ),
      ),
    ),
    ...(answer.complete || next === undefined
      ? []
      : [
          h(
            'button',
            { type: 'button', class: 'trace-next', onclick: () => next(answer.bookmark) },
            'Next packs of the lot',
          ),
        ]),
  ];
}
