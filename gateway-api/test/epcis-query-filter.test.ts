import { matchesFilter, type EventFilter } from '../src/epcis/event-filter';

/*
 * The error declaration criteria read the event's `errorDeclaration` member, as the query
 * answers it (the ledger's declarations are attached before these criteria apply).
 */

const declared = {
  type: 'ObjectEvent',
  eventID: 'urn:uuid:00000000-0000-4000-8000-000000000001',
  eventTime: '2026-11-22T08:00:00Z',
  recordTime: '2026-11-22T08:00:01Z',
  action: 'OBSERVE',
  bizStep: 'shipping',
  disposition: 'in_transit',
  readPoint: { id: 'https://id.gs1.org/414/9506000000022' },
  errorDeclaration: {
    declarationTime: '2026-11-23T10:00:00Z',
    reason: 'incorrect_data',
    correctiveEventIDs: ['urn:uuid:00000000-0000-4000-8000-000000000002'],
  },
};
const plain = Object.fromEntries(
  Object.entries(declared).filter(([member]) => member !== 'errorDeclaration'),
);

describe('error declaration criteria', () => {
  it.each<[string, EventFilter]>([
    ['EXISTS_errorDeclaration', { errorDeclared: true }],
    ['EQ_errorReason (bare)', { errorReason: ['incorrect_data'] }],
    ['EQ_errorReason (URN)', { errorReason: ['urn:epcglobal:cbv:er:incorrect_data'] }],
    ['EQ_errorReason (web URI)', { errorReason: ['https://ref.gs1.org/cbv/ER-incorrect_data'] }],
    [
      'EQ_correctiveEventID',
      { correctiveEventID: ['urn:uuid:00000000-0000-4000-8000-000000000002'] },
    ],
    ['GE_errorDeclarationTime', { geErrorDeclarationTime: '2026-11-23T10:00:00Z' }],
    ['LT_errorDeclarationTime', { ltErrorDeclarationTime: '2026-11-23T10:00:01Z' }],
  ])('%s keeps a declared event and drops an undeclared one', (_name, filter) => {
    expect(matchesFilter(declared, filter)).toBe(true);
    expect(matchesFilter(plain, filter)).toBe(false);
  });

  it.each<[string, EventFilter]>([
    ['another reason', { errorReason: ['did_not_occur'] }],
    ['another corrective event', { correctiveEventID: ['urn:uuid:other'] }],
    ['a later declaration time', { geErrorDeclarationTime: '2026-11-23T10:00:01Z' }],
  ])('drops a declared event for %s', (_name, filter) => {
    expect(matchesFilter(declared, filter)).toBe(false);
  });
});
