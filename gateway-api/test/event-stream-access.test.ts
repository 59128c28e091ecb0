// Who may hold an event stream, how many, and for how long: the limits, a user whose access
// changes, and a gateway that stops. On whichever ledger LEDGER selects.
import pino from 'pino';
import { CONFIG_DEFAULTS, loadConfig } from '../src/config/gateway-config';
import { listen, type ListeningApp } from './support/event-stream-client';
import { openEventStream, type OpenEventStream } from './support/open-event-stream';
import { as, startGateway, type TestGateway } from './support/test-gateway';

/** How long an ended stream may take to reach its client. */
const ENDS_WITHIN_MS = 5_000;

/** The answer to opening a stream: its status and error code, the body closed at once. */
async function tryStream(base: string, token: string): Promise<{ status: number; code?: string }> {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/v1/events`, {
    headers: { Authorization: `Bearer ${token}` },
    signal: controller.signal,
  });
  if (response.status === 200) {
    controller.abort();
    return { status: 200 };
  }
  const body = (await response.json()) as { error: { code: string } };
  return { status: response.status, code: body.error.code };
}

/** Resolves once the stream ended, or rejects after `withinMs`. */
function endedWithin(stream: OpenEventStream, withinMs: number): Promise<void> {
  return Promise.race([
    stream.ended,
    new Promise<void>((_resolve, reject) =>
      setTimeout(
        () => reject(new Error(`the stream was still open after ${withinMs} ms`)),
        withinMs,
      ),
    ),
  ]);
}

describe('event stream limits and access', () => {
  let gw: TestGateway;
  let http: ListeningApp;
  const open: OpenEventStream[] = [];
  const stream = async (username: string): Promise<OpenEventStream> => {
    const opened = await openEventStream(http.base, gw.tokens[username] ?? '');
    open.push(opened);
    return opened;
  };

  beforeAll(async () => {
    gw = await startGateway(undefined, { eventStreamsPerUser: 2, eventStreamsTotal: 4 });
    http = await listen(gw.app);
  });
  afterEach(async () => {
    const closing = open.splice(0);
    closing.forEach((opened) => opened.close());
    await Promise.all(closing.map((opened) => opened.ended));
    // The gateway frees a place when it sees the connection close, a moment later.
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
  afterAll(async () => {
    await http.close();
    await gw.stop();
  });

  it('refuses a user a stream beyond its limit, and anyone one beyond the gateway’s, with 429 TOO_MANY_STREAMS', async () => {
    await stream('regulator');
    const second = await stream('regulator');
    expect(await tryStream(http.base, gw.tokens['regulator'] ?? '')).toEqual({
      status: 429,
      code: 'TOO_MANY_STREAMS',
    });
    await stream('pharmacist');
    await stream('pharmacist');
    expect(await tryStream(http.base, gw.tokens['manufacturer'] ?? '')).toEqual({
      status: 429,
      code: 'TOO_MANY_STREAMS',
    });
    // A closed stream frees its place.
    second.close();
    for (let wait = 0; wait < 100; wait += 1) {
      if ((await tryStream(http.base, gw.tokens['regulator'] ?? '')).status === 200) {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the closed stream’s place was never freed');
  });

  it('ends a user’s streams at once when the user’s password is reset, saying why', async () => {
    const first = await stream('pharmacist');
    const second = await stream('pharmacist');
    await as(gw, 'pharmacy-admin')
      .post('/users/pharmacist/password', { password: 'a brand new password' })
      .expect(200);
    await endedWithin(first, ENDS_WITHIN_MS);
    await endedWithin(second, ENDS_WITHIN_MS);
    expect(first.received.at(-1)).toMatchObject({
      event: 'end',
      data: { error: { code: 'ACCESS_CHANGED' } },
    });
  });

  it('ends a disabled user’s streams at once, and refuses it a new one', async () => {
    const first = await stream('pharmacist2');
    const second = await stream('pharmacist2');
    await as(gw, 'pharmacy2-admin').post('/users/pharmacist2/disable').expect(200);
    await endedWithin(first, ENDS_WITHIN_MS);
    await endedWithin(second, ENDS_WITHIN_MS);
    expect(second.received.at(-1)).toMatchObject({
      event: 'end',
      data: { error: { code: 'ACCESS_CHANGED' } },
    });
    expect(await tryStream(http.base, gw.tokens['pharmacist2'] ?? '')).toEqual({
      status: 401,
      code: 'UNAUTHENTICATED',
    });
  });
});

describe('the event stream limits', () => {
  it('come from EVENT_STREAMS_PER_USER and EVENT_STREAMS_TOTAL, 5 and 200 unless set', () => {
    expect(loadConfig({})).toMatchObject({ eventStreamsPerUser: 5, eventStreamsTotal: 200 });
    expect(CONFIG_DEFAULTS).toMatchObject({ eventStreamsPerUser: 5, eventStreamsTotal: 200 });
    expect(loadConfig({ EVENT_STREAMS_PER_USER: '2', EVENT_STREAMS_TOTAL: '1000' })).toMatchObject({
      eventStreamsPerUser: 2,
      eventStreamsTotal: 1000,
    });
  });

  it.each([
    ['EVENT_STREAMS_PER_USER', '0'],
    ['EVENT_STREAMS_TOTAL', 'many'],
  ])('stop start-up when %s is %s', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });
});

describe('event streams when the gateway stops', () => {
  it('end, and closing them is not logged as a failure', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const gw = await startGateway(undefined, { log });
    const http = await listen(gw.app);
    try {
      const streams = [
        await openEventStream(http.base, gw.tokens['regulator'] ?? ''),
        await openEventStream(http.base, gw.tokens['pharmacist'] ?? ''),
      ];
      await gw.stop();
      await Promise.all(streams.map((opened) => endedWithin(opened, ENDS_WITHIN_MS)));
      // Give a stream failure that would follow the close the time to be logged.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const failures = lines
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .filter((entry) => entry.level >= 50);
      expect(failures).toEqual([]);
    } finally {
      await http.close();
    }
  });
});
