import type { Request, Response } from 'express';
// The request logger (`req.log`) that pino-http adds to Express's requests.
import type {} from 'pino-http';
import type { LedgerEvent } from '@packtrace/chaincode/client';
import type { EventCursor, EventStart } from '@packtrace/ledger';
import { ApiError } from '../errors/api-error';
import type { User } from '../identity/user-directory';
import type { UserSessions } from '../ledger/user-sessions';

/** Milliseconds between keep-alive comments, so proxies keep an idle stream open. */
const HEARTBEAT_MS = 15_000;

/** An event id: the block number and the transaction id within it. */
const EVENT_ID = /^([0-9]{1,15}):([0-9a-f]{64})$/;

/** Whether a user may see an event: the regulator sees all, a party the events that concern it. */
export function maySee(user: User, event: LedgerEvent): boolean {
  return user.role === 'regulator' || event.parties.includes(user.gln);
}

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

/**
 * GET /api/v1/events: the ledger's events the caller may see, as server-sent events whose id
 * names the block and the transaction. A client that reconnects with Last-Event-ID (or
 * ?after=ID) resumes right after that event, across disconnects and gateway restarts, since the
 * position is the ledger's own; without one, the stream starts at the first block.
 */
export function streamEvents(sessions: UserSessions) {
  return (req: Request, res: Response, next: (error: unknown) => void): void => {
    const user = res.locals['user'] as User;
    const resumeAfter =
      req.get('Last-Event-ID') ??
      (typeof req.query['after'] === 'string' ? req.query['after'] : undefined);
    const cursor = resumeAfter === undefined ? undefined : parseEventId(resumeAfter);
    if (resumeAfter !== undefined && cursor === undefined) {
      next(
        new ApiError(
          400,
          'VALIDATION_FAILED',
          'Last-Event-ID (or after) must be an event id this stream sent: <block>:<transaction id>',
        ),
      );
      return;
    }
    const start: EventStart = cursor === undefined ? { from: 'start' } : { after: cursor };
    let subscription: { close(): void } | undefined;
    let closed = false;
    let heartbeat: NodeJS.Timeout | undefined;
    req.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
      subscription?.close();
    });
    sessions
      .sessionOf(user)
      .then((session) => {
        if (closed) {
          // The client left while its session was opening: nothing to start, or to stop later.
          return undefined;
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
        return session.chaincodeEvents(
          start,
          (committed) => {
            const event = JSON.parse(committed.payload.toString('utf8')) as LedgerEvent;
            if (maySee(user, event)) {
              res.write(
                `id: ${eventId(committed)}\nevent: ${committed.name}\ndata: ${JSON.stringify(event)}\n\n`,
              );
            }
          },
          (error) => {
            clearInterval(heartbeat);
            req.log.error({ err: error }, 'event stream failed');
            res.end();
          },
        );
      })
      .then((opened) => {
        subscription = opened;
        if (closed) {
          opened?.close();
        }
      })
      .catch((error: unknown) => {
        clearInterval(heartbeat);
        if (res.headersSent) {
          req.log.error({ err: error }, 'event stream failed');
          res.end();
        } else {
          next(error);
        }
      });
  };
}
