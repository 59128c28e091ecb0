import { z } from 'zod';
import { defineRoute } from '../src/http/route-definition';
import { responseMismatch } from '../src/http/response-check';

const route = defineRoute({
  method: 'post',
  path: '/things',
  summary: 'Make a thing',
  tag: 'things',
  rule: 'signed-in',
  status: 201,
  response: z.object({ id: z.string(), tags: z.array(z.string()), note: z.string().optional() }),
  otherResponses: { 202: z.object({ job: z.object({ id: z.string() }) }) },
  handle: () => Promise.resolve({}),
});

describe('the test gateways’ check of an answer against its declared schema', () => {
  it('passes an answer the schema describes, for each declared status', () => {
    expect(responseMismatch(route, 201, { id: 'a', tags: [] })).toBeUndefined();
    expect(responseMismatch(route, 201, { id: 'a', tags: ['x'], note: 'n' })).toBeUndefined();
    expect(responseMismatch(route, 202, { job: { id: 'j' } })).toBeUndefined();
  });

  it('judges the answer as sent: a field left undefined is not sent', () => {
    expect(responseMismatch(route, 201, { id: 'a', tags: [], note: undefined })).toBeUndefined();
  });

  it.each([
    ['a missing field', 201, { id: 'a' }, 'a body its schema refuses'],
    ['a mistyped field', 201, { id: 1, tags: [] }, 'a body its schema refuses'],
    ['a field the schema does not declare', 201, { id: 'a', tags: [], extra: 1 }, 'fields'],
    ['an undeclared nested field', 202, { job: { id: 'j', secret: 's' } }, 'fields'],
    ['an undeclared status', 200, { id: 'a', tags: [] }, 'a status it does not declare'],
  ])('refuses %s with 500 RESPONSE_MISMATCH', (_what, status, body, message) => {
    const mismatch = responseMismatch(route, status, body);
    expect(mismatch?.status).toBe(500);
    expect(mismatch?.code).toBe('RESPONSE_MISMATCH');
    expect(mismatch?.message).toContain(`POST /things answered ${status}`);
    expect(mismatch?.message).toContain(message);
  });
});
