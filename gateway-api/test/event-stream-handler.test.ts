// The event stream's handler against a session that opens when the test says so: what it
// starts and stops as clients come and go, whichever ledger is behind it.
import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import type { EventSubscription, LedgerSession } from '@packtrace/ledger';
import { streamEvents } from '../src/http/event-stream';
import type { UserSessions } from '../src/ledger/user-sessions';

/** A client's request and its response, with what the handler did to them and to the ledger. */
function openStream() {
  let openSession: (session: LedgerSession) => void = () => undefined;
  const sessions = {
    sessionOf: () => new Promise<LedgerSession>((resolve) => (openSession = resolve)),
  } as unknown as UserSessions;
  const request = Object.assign(new EventEmitter(), {
    get: () => undefined,
    query: {},
    log: { error: jest.fn() },
  });
  const response = {
    locals: { user: { username: 'regulator', role: 'regulator', gln: '9506000000015' } },
    headersSent: false,
    status: () => response,
    set: () => response,
    flushHeaders: jest.fn(),
    write: jest.fn(),
    end: jest.fn(),
  };
  const closeSubscription = jest.fn();
  const subscription: EventSubscription = { close: closeSubscription };
  let openSubscription: () => void = () => undefined;
  const chaincodeEvents = jest.fn(
    () =>
      new Promise<EventSubscription>((resolve) => (openSubscription = () => resolve(subscription))),
  );
  streamEvents(sessions)(request as unknown as Request, response as unknown as Response, jest.fn());
  return {
    request,
    response,
    closeSubscription,
    chaincodeEvents,
    sessionOpens: () => openSession({ chaincodeEvents } as unknown as LedgerSession),
    subscriptionOpens: () => openSubscription(),
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
      { from: 'start' },
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
});
