import { randomUUID } from 'node:crypto';
import { PACKTRACE_EVENT_NAMESPACE, platformEventId, uuidV5 } from '../src/domain/event-ids';

describe('name-based event ids', () => {
  it('computes RFC 9562 version 5 UUIDs as the RFC’s own example does', () => {
    // RFC 9562 Appendix A.4: the DNS namespace and the name www.example.com.
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('names a transaction’s events by transaction id and position, the same every time', () => {
    const txId = 'a'.repeat(64);
    const first = platformEventId(txId, 0);
    expect(first).toMatch(
      /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(platformEventId(txId, 0)).toBe(first);
    expect(platformEventId(txId, 1)).not.toBe(first);
    expect(platformEventId('b'.repeat(64), 0)).not.toBe(first);
    expect(first).toBe(`urn:uuid:${uuidV5(PACKTRACE_EVENT_NAMESPACE, `${txId}:0`)}`);
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('not-a-uuid', 'x')).toThrow('not a UUID');
    expect(uuidV5(randomUUID(), 'x')).toHaveLength(36);
  });
});
