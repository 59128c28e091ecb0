import type { Request, Response } from 'express';
// The request logger (`req.log`) that pino-http adds to Express's requests.
import type {} from 'pino-http';
import type { LedgerEvent } from '@packtrace/chaincode/client';
import type { EventCursor, EventStart } from '@packtrace/ledger';
import { ApiError } from '../errors/api-error';
import type { User, UserDirectory } from '../identity/user-directory';
import { maySee, visibleEpcis } from '../ledger/event-visibility';
import type { UserSessions } from '../ledger/user-sessions';
import type { EventStreamRegistry, StreamEnd } from './event-stream-registry';

/** Milliseconds between keep-alive comments, so proxies keep an idle stream open. */
const HEARTBEAT_MS = 15_000;

/**
 * Milliseconds a client may leave what it was sent unread before it is dropped. Meanwhile the
 * stream is paused (the ledger reads nothing further for it), so a slow client costs one
 * socket's buffer, not a growing queue.
 */
export const STALLED_CLIENT_MS = 60_000;

/** Milliseconds a dropped stalled client is given to take its last `end` event. */
const STALLED_CUT_MS = 5_000;

/** An event id: the block number and the transaction id within it. */
const EVENT_ID = /^([0-9]{1,15}):([0-9a-f]{64})$/;

/** The server-sent event id of a ledger position, and back. */
export function eventId(cursor: EventCursor): string {
  return `${cursor.blockNumber}:${cursor.transactionId}`;
}

function parseEventId(text: string): EventCursor | undefined {
  const match = EVENT_ID.exec(text);
  return match === null
    ? undefined
    : { blockNumber: Number(match[1]), transactionId: match[2] ?? '' };
}

/** What the event stream is served from. */
export interface EventStreamServices {
  readonly sessions: UserSessions;
  readonly users: Pick<UserDirectory, 'holderOf'>;
  readonly streams: EventStreamRegistry;
  /** See {@link STALLED_CLIENT_MS}; tests shorten it. */
  readonly stalledClientMs?: number;
}

/** Where a request asks its stream to start: right after a cursor, at the start, or now. */
function startOf(req: Request): EventStart {
  const resumeAfter =
    req.get('Last-Event-ID') ??
    (typeof req.query['after'] === 'string' ? req.query['after'] : undefined);
  if (resumeAfter !== undefined) {
    const cursor = parseEventId(resumeAfter);
    if (cursor === undefined) {
      throw new ApiError(
        400,
        'VALIDATION_FAILED',
        'Last-Event-ID (or after) must be an event id this stream sent: <block>:<transaction id>',
      );
    }
    return { after: cursor };
  }
  const from = req.query['from'];
  if (from === undefined) {
    return { from: 'now' };
  }
  if (from !== 'start') {
    throw new ApiError(400, 'VALIDATION_FAILED', "from must be 'start' when given");
  }
  return { from: 'start' };
}

/**
 * GET /api/v1/events: the ledger's events the caller may see, as server-sent events whose id
 * names the block and the transaction. Without a cursor the stream starts now; a client that
 * reconnects with Last-Event-ID (or ?after=ID) resumes right after that event, across
 * disconnects and gateway restarts, since the position is the ledger's own; ?from=start reads
 * from the first block. The past is read a page at a time at the client's pace: delivery
 * pauses while the client has not read what it was sent, and a client that reads nothing for
 * a minute is dropped. Streams are limited per user and in total (429 TOO_MANY_STREAMS), and a
 * user's streams end at once when the user's access changes (disabled, password reset).
 */
export function streamEvents(services: EventStreamServices) {
  const stalledClientMs = services.stalledClientMs ?? STALLED_CLIENT_MS;
  return (req: Request, res: Response, next: (error: unknown) => void): void => {
    const user = res.locals['user'] as User;
    let start: EventStart;
    let release: () => void;
    try {
      start = startOf(req);
      release = services.streams.admit(user.username, (reason) => finish(reason));
    } catch (error) {
      next(error);
      return;
    }
    let subscription: { close(): void } | undefined;
    let closed = false;
    let heartbeat: NodeJS.Timeout | undefined;
    /** Resolves the delivery waiting for the client to read, if one is. */
    let resumeDelivery: (() => void) | undefined;
    /** Stops everything the stream holds; with a reason, tells the client why first. */
    const finish = (reason?: StreamEnd): void => {
      if (closed) {
        return;
      }
      closed = true;
      clearInterval(heartbeat);
      release();
      subscription?.close();
      resumeDelivery?.();
      if (res.headersSent && !res.writableEnded) {
        if (reason !== undefined) {
          res.write(`event: end\ndata: ${JSON.stringify({ error: reason })}\n\n`);
        }
        res.end();
      }
    };
    req.on('close', () => finish());
    /** Writes a frame; when the socket's buffer is full, resolves once the client read it. */
    const send = (frame: string): Promise<void> | undefined => {
      if (closed || res.write(frame)) {
        return undefined;
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          req.log.warn(
            { username: user.username, unread: res.writableLength },
            'event stream client read nothing for too long; dropped',
          );
          finish({
            code: 'STREAM_STALLED',
            message: `the client read nothing for ${stalledClientMs / 1000} s; reconnect with Last-Event-ID to resume`,
          });
          // A client that still reads nothing would hold the socket and its buffer: cut it.
          setTimeout(() => res.destroy(), STALLED_CUT_MS).unref();
        }, stalledClientMs);
        resumeDelivery = () => {
          clearTimeout(timer);
          res.off('drain', resumeDelivery as () => void);
          resumeDelivery = undefined;
          resolve();
        };
        res.on('drain', resumeDelivery);
      });
    };
    /**
     * Answers with the stream's headers, once the subscription is open (or its first event came
     * first): a client that sees them knows that what commits from then on reaches it.
     */
    const begin = (): void => {
      if (res.headersSent || closed) {
        return;
      }
      res.status(200).set({
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-cache',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      res.flushHeaders();
      res.write('retry: 2000\n\n');
      heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    };
    services.sessions
      .sessionOf(user)
      .then((session) => {
        if (closed) {
          // The client left while its session was opening: nothing to start, or to stop later.
          return undefined;
        }
        return session.chaincodeEvents(
          start,
          (committed) => {
            if (closed) {
              return undefined;
            }
            // Every token version change (a password reset, a disable) ends the stream before
            // it delivers anything more, whatever path the change took.
            if (services.users.holderOf(user.username, user.tokenVersion) === undefined) {
              finish(ACCESS_CHANGED);
              return undefined;
            }
            const whole = JSON.parse(committed.payload.toString('utf8')) as LedgerEvent;
            if (!maySee(user, whole)) {
              return undefined;
            }
            // Of a document captured whole, only the events that concern this user's party.
            const event = { ...whole, epcis: visibleEpcis(user, whole).map((e) => e.fields) };
            begin();
            return send(
              `id: ${eventId(committed)}\nevent: ${committed.name}\ndata: ${JSON.stringify(event)}\n\n`,
            );
          },
          (error) => {
            req.log.error({ err: error }, 'event stream failed');
            finish();
          },
        );
      })
      .then((opened) => {
        subscription = opened;
        if (closed) {
          opened?.close();
        } else {
          begin();
        }
      })
      .catch((error: unknown) => {
        if (res.headersSent) {
          req.log.error({ err: error }, 'event stream failed');
          finish();
        } else {
          finish();
          next(error);
        }
      });
  };
}

/** Why a user's streams end when the user's access changes. */
export const ACCESS_CHANGED: StreamEnd = {
  code: 'ACCESS_CHANGED',
  message: 'your access changed (disabled, or the password was reset): sign in again',
};
