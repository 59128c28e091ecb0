import type { Request, Response } from 'express';
import type { LedgerEvent } from '@packtrace/chaincode';
import { ApiError } from '../errors/api-error';
import type { User } from '../identity/user-directory';
import type { LedgerBackend } from '../ledger/ledger-backend';

/** Milliseconds between keep-alive comments, so proxies keep an idle stream open. */
const HEARTBEAT_MS = 15_000;

/** Whether a user may see an event: the regulator sees all, a party the events that concern it. */
export function maySee(user: User, event: LedgerEvent): boolean {
  return user.role === 'regulator' || event.parties.includes(user.gln);
}

/**
 * GET /api/v1/events: the ledger's events the caller may see, as server-sent events whose id
 * is the block number. A client that reconnects with Last-Event-ID (or ?after=N) resumes right
 * after that block, across disconnects and gateway restarts, since blocks are the ledger's own.
 */
export function streamEvents(backend: LedgerBackend) {
  return (req: Request, res: Response, next: (error: unknown) => void): void => {
    const user = res.locals['user'] as User;
    const resumeAfter =
      req.get('Last-Event-ID') ??
      (typeof req.query['after'] === 'string' ? req.query['after'] : undefined);
    if (resumeAfter !== undefined && !/^[0-9]{1,12}$/.test(resumeAfter)) {
      next(
        new ApiError(400, 'VALIDATION_FAILED', 'Last-Event-ID (or after) must be a block number'),
      );
      return;
    }
    const from = resumeAfter === undefined ? 0 : Number(resumeAfter) + 1;
    res.status(200).set({
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 2000\n\n');
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    let stop: (() => void) | undefined;
    let closed = false;
    req.on('close', () => {
      closed = true;
      clearInterval(heartbeat);
      stop?.();
    });
    backend
      .subscribe(from, (block) => {
        const event = JSON.parse(block.payload.toString('utf8')) as LedgerEvent;
        if (maySee(user, event)) {
          res.write(
            `id: ${block.blockNumber}\nevent: ${block.name}\ndata: ${JSON.stringify(event)}\n\n`,
          );
        }
      })
      .then((unsubscribe) => {
        stop = unsubscribe;
        if (closed) {
          unsubscribe();
        }
      })
      .catch((error: unknown) => {
        clearInterval(heartbeat);
        req.log.error({ err: error }, 'event stream failed');
        res.end();
      });
  };
}
