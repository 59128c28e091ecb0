import { ApiError } from '../errors/api-error';

/** How many event streams may be open at once. */
export interface EventStreamLimits {
  /** Per user (a browser tab holds one). */
  readonly perUser: number;
  /** In the whole gateway. */
  readonly total: number;
}

/** Why the gateway ended a stream, as the client is told in a last `end` event. */
export interface StreamEnd {
  readonly code: string;
  readonly message: string;
}

/** An open stream as the registry holds it: whose it is, and how to end it. */
interface OpenStream {
  readonly username: string;
  /** Ends the stream; with a reason, the client is told it in a last `end` event. */
  readonly end: (reason?: StreamEnd) => void;
}

/**
 * The gateway's open event streams: admits a new one only within the limits (each stream holds
 * a ledger subscription and a connection for as long as the client stays), and ends a user's
 * streams when the user may no longer read (disabled, password changed) or all of them when the
 * gateway stops.
 */
export class EventStreamRegistry {
  private readonly streams = new Set<OpenStream>();

  constructor(private readonly limits: EventStreamLimits) {}

  /** How many streams are open. */
  get size(): number {
    return this.streams.size;
  }

  /**
   * Admits a stream of `username`, ended by `end` if the registry ends it; returns
   * the function that releases its place. Throws 429 TOO_MANY_STREAMS beyond a limit.
   */
  admit(username: string, end: (reason?: StreamEnd) => void): () => void {
    if (this.streams.size >= this.limits.total) {
      throw new ApiError(
        429,
        'TOO_MANY_STREAMS',
        `the gateway serves at most ${this.limits.total} event streams at once; try again later`,
        undefined,
        10,
      );
    }
    if (this.countOf(username) >= this.limits.perUser) {
      throw new ApiError(
        429,
        'TOO_MANY_STREAMS',
        `a user may hold at most ${this.limits.perUser} event streams at once; close one first`,
        undefined,
        10,
      );
    }
    const stream: OpenStream = { username, end };
    this.streams.add(stream);
    return () => this.streams.delete(stream);
  }

  /** How many streams `username` holds. */
  countOf(username: string): number {
    let count = 0;
    this.streams.forEach((stream) => (count += stream.username === username ? 1 : 0));
    return count;
  }

  /** Ends every stream of `username` at once. */
  endFor(username: string, reason: StreamEnd): void {
    [...this.streams]
      .filter((stream) => stream.username === username)
      .forEach((stream) => stream.end(reason));
  }

  /** Ends every stream, quietly: the gateway is stopping, and clients reconnect to the next. */
  endAll(): void {
    [...this.streams].forEach((stream) => stream.end());
  }
}
