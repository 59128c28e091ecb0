import type { TraceAnswer } from '../api/openapi-types';
import { h } from '../ui/dom';

/** A trace request's answer: who answered when, every known owner, each pack's transactions. */
export function traceAnswerView(
  answer: TraceAnswer,
  name: (gln: string | undefined) => string,
): HTMLElement[] {
  return [
    h('h3', {}, `Answer to ${answer.request.incident}`),
    h(
      'p',
      {},
      `Answered by ${name(answer.request.answer?.answeredBy)} at ${new Date(
        answer.request.answer?.answeredAt ?? '',
      ).toLocaleString()}${answer.request.answer?.onTime === false ? ', late' : ''}${
        answer.complete ? '' : ' (the lot’s first packs only)'
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
  ];
}
