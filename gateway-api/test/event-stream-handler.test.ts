// The event stream's handler against a session that opens when the test says so: what it
// starts and stops as clients come and go, whichever ledger is behind it.
import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import type {
  ChaincodeEvent,
  EventStart,
  EventSubscription,
  LedgerSession,
} from '@packtrace/ledger';
import { streamEvents } from '../src/http/event-stream';
import { EventStreamRegistry } from '../src/http/event-stream-registry';
import type { UserSessions } from '../src/ledger/user-sessions';

/** The parts of an Express response the handler uses, recording what it did. */
class FakeResponse extends EventEmitter {
  headersSent = false;
  writableEnded = false;
  writableLength = 0;
  /** Whether the socket takes more (false: the client has not read what it was sent). */
  accepting = true;
  readonly flushHeaders = jest.fn(() => {
    this.headersSent = true;
  });
  readonly write = jest.fn((_frame: string) => this.accepting);
  readonly end = jest.fn(() => {
    this.writableEnded = true;
  });
  readonly destroy = jest.fn();

  constructor(readonly locals: { user: object }) {
    super();
  }

  status(): this {
    return this;
  }

  set(): this {
    return this;
  }
}

/** A client's request and its response, with what the handler did to them and to the ledger. */
function openStream(
  options: { query?: Record<string, string>; streams?: EventStreamRegistry; holder?: boolean } = {},
) {
  let openSession: (session: LedgerSession) => void = () => undefined;
  const sessions = {
    sessionOf: () => new Promise<LedgerSession>((resolve) => (openSession = resolve)),
  } as unknown as UserSessions;
  const user = { username: 'regulator', role: 'regulator', gln: '9506000000015', tokenVersion: 0 };
  const holder = { current: options.holder ?? true };
  const users = { holderOf: () => (holder.current ? user : undefined) } as never;
  const request = Object.assign(new EventEmitter(), {
    get: () => undefined,
    query: options.query ?? {},
    log: { error: jest.fn(), warn: jest.fn() },
  });
  const response = new FakeResponse({ user });
  const closeSubscription = jest.fn();
  const subscription: EventSubscription = { close: closeSubscription };
  let openSubscription: () => void = () => undefined;
  let onEvent: (event: ChaincodeEvent) => void | Promise<void> = () => undefined;
  const chaincodeEvents = jest.fn(
    (_start: EventStart, deliver: (event: ChaincodeEvent) => void | Promise<void>) => {
      onEvent = deliver;
      return new Promise<EventSubscription>(
        (resolve) => (openSubscription = () => resolve(subscription)),
      );
    },
  );
  const next = jest.fn();
  const streams = options.streams ?? new EventStreamRegistry({ perUser: 5, total: 10 });
  streamEvents({ sessions, users, streams, stalledClientMs: 60_000 })(
    request as unknown as Request,
    response as unknown as Response,
    next,
  );
  return {
    request,
    response,
    next,
    streams,
    holder,
    closeSubscription,
    chaincodeEvents,
    sessionOpens: () => openSession({ chaincodeEvents } as unknown as LedgerSession),
    subscriptionOpens: () => openSubscription(),
    deliver: (event: ChaincodeEvent) => onEvent(event),
  };
}

/** A ledger event the regulator may see, at block `block`. */
function ledgerEvent(block: number): ChaincodeEvent {
  return {
    blockNumber: block,
    transactionId: block.toString(16).padStart(64, '0'),
    name: 'AlertRaised',
    payload: Buffer.from(JSON.stringify({ type: 'AlertRaised', parties: [] })),
  };
}

/** Lets the handler's promise chain run to its end. */
async function settle(): Promise<void> {
  for (let step = 0; step < 10; step += 1) {
    await Promise.resolve();
  }
}

describe('the event stream handler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('streams with a heartbeat, and stops both when the client leaves', async () => {
    const stream = openStream();
    stream.sessionOpens();
    await settle();
    stream.subscriptionOpens();
    await settle();
    expect(stream.chaincodeEvents).toHaveBeenCalledWith(
      { from: 'now' },
      expect.any(Function),
      expect.any(Function),
    );
    jest.advanceTimersByTime(15_000);
    expect(stream.response.write).toHaveBeenLastCalledWith(': keep-alive\n\n');
    stream.request.emit('close');
    expect(stream.closeSubscription).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('starts nothing for a client that left while its ledger session was opening', async () => {
    const stream = openStream();
    stream.request.emit('close');
    stream.sessionOpens();
    await settle();
    expect(stream.chaincodeEvents).not.toHaveBeenCalled();
    expect(stream.response.write).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('closes a subscription that opened after its client left', async () => {
    const stream = openStream();
    stream.sessionOpens();
    await settle();
    expect(stream.chaincodeEvents).toHaveBeenCalledTimes(1);
    stream.request.emit('close');
    stream.subscriptionOpens();
    await settle();
    expect(stream.closeSubscription).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('starts at the first block only when asked with from=start', async () => {
    const stream = openStream({ query: { from: 'start' } });
    stream.sessionOpens();
    await settle();
    expect(stream.chaincodeEvents).toHaveBeenCalledWith(
      { from: 'start' },
      expect.any(Function),
      expect.any(Function),
    );
  });

  it('pauses delivery while the client has not read what it was sent, and goes on once it has', async () => {
    const stream = openStream();
    stream.sessionOpens();
    await settle();
    stream.subscriptionOpens();
    await settle();
    expect(stream.deliver(ledgerEvent(1))).toBeUndefined();
    stream.response.accepting = false;
    let delivered = false;
    void stream.deliver(ledgerEvent(2))?.then(() => (delivered = true));
    await settle();
    expect(delivered).toBe(false);
    stream.response.emit('drain');
    await settle();
    expect(delivered).toBe(true);
    expect(stream.response.end).not.toHaveBeenCalled();
  });

  it('drops a client that reads nothing for a minute, saying why, and frees its place', async () => {
    const stream = openStream();
    stream.sessionOpens();
    await settle();
    stream.subscriptionOpens();
    await settle();
    stream.response.accepting = false;
    const waiting = stream.deliver(ledgerEvent(1));
    expect(waiting).toBeInstanceOf(Promise);
    jest.advanceTimersByTime(59_999);
    expect(stream.response.end).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    await waiting;
    expect(stream.response.write).toHaveBeenLastCalledWith(
      expect.stringMatching(/^event: end\ndata: .*"STREAM_STALLED"/),
    );
    expect(stream.response.end).toHaveBeenCalledTimes(1);
    expect(stream.closeSubscription).toHaveBeenCalledTimes(1);
    expect(stream.streams.size).toBe(0);
    // A client that does not take even that is cut off.
    expect(stream.response.destroy).not.toHaveBeenCalled();
    jest.advanceTimersByTime(5_000);
    expect(stream.response.destroy).toHaveBeenCalledTimes(1);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('ends the stream before delivering anything once the token it was opened with is no longer valid', async () => {
    const stream = openStream();
    stream.sessionOpens();
    await settle();
    stream.subscriptionOpens();
    await settle();
    stream.holder.current = false;
    void stream.deliver(ledgerEvent(1));
    expect(stream.response.write).not.toHaveBeenCalledWith(expect.stringContaining('id: 1:'));
    expect(stream.response.write).toHaveBeenLastCalledWith(
      expect.stringMatching(/^event: end\ndata: .*"ACCESS_CHANGED"/),
    );
    expect(stream.response.end).toHaveBeenCalledTimes(1);
    expect(stream.closeSubscription).toHaveBeenCalledTimes(1);
  });

  it('refuses a stream beyond the limits with 429 TOO_MANY_STREAMS, and admits one once a place is free', async () => {
    const streams = new EventStreamRegistry({ perUser: 2, total: 10 });
    const first = openStream({ streams });
    openStream({ streams });
    const third = openStream({ streams });
    expect(third.next).toHaveBeenCalledWith(
      expect.objectContaining({ status: 429, code: 'TOO_MANY_STREAMS' }),
    );
    expect(streams.size).toBe(2);
    first.request.emit('close');
    const fourth = openStream({ streams });
    expect(fourth.next).not.toHaveBeenCalled();
    expect(streams.size).toBe(2);
  });
});
