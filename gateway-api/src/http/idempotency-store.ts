import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ApiError } from '../errors/api-error';

/** A response kept for replay. */
interface StoredResponse {
  readonly key: string;
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
  readonly at: number;
}

/** How long a key is remembered. */
const RETENTION_MS = 24 * 3600 * 1000;

/**
 * Remembers the response to each write sent with an Idempotency-Key (per user), so a retried
 * request replays the first answer instead of acting twice. Kept in a JSON-lines file so a
 * gateway restart does not forget.
 */
export class IdempotencyStore {
  private readonly inFlight = new Set<string>();

  private constructor(
    private readonly file: string,
    private readonly responses: Map<string, StoredResponse>,
  ) {}

  static async open(file: string): Promise<IdempotencyStore> {
    const responses = new Map<string, StoredResponse>();
    try {
      const now = Date.now();
      for (const line of (await readFile(file, 'utf8')).split('\n')) {
        if (line.trim() !== '') {
          const entry = JSON.parse(line) as StoredResponse;
          if (now - entry.at < RETENTION_MS) {
            responses.set(entry.key, entry);
          }
        }
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw error;
      }
    }
    await mkdir(dirname(file), { recursive: true });
    return new IdempotencyStore(file, responses);
  }

  static fingerprint(method: string, path: string, body: unknown): string {
    return createHash('sha256')
      .update(method)
      .update(path)
      .update(JSON.stringify(body ?? null))
      .digest('hex');
  }

  /**
   * The stored response for this key, or undefined when the request should run. Refuses a key
   * reused for a different request, or one whose first request is still running.
   */
  begin(key: string, fingerprint: string): StoredResponse | undefined {
    const stored = this.responses.get(key);
    if (stored !== undefined && Date.now() - stored.at < RETENTION_MS) {
      if (stored.fingerprint !== fingerprint) {
        throw new ApiError(
          409,
          'IDEMPOTENCY_KEY_REUSED',
          'this Idempotency-Key was used for a different request',
        );
      }
      return stored;
    }
    if (this.inFlight.has(key)) {
      throw new ApiError(
        409,
        'REQUEST_IN_PROGRESS',
        'a request with this Idempotency-Key is still being processed',
      );
    }
    this.inFlight.add(key);
    return undefined;
  }

  /** Records the outcome; only successes and refusals by the ledger are kept (not 5xx). */
  async finish(key: string, fingerprint: string, status: number, body: unknown): Promise<void> {
    this.inFlight.delete(key);
    if (status >= 500) {
      return;
    }
    const entry: StoredResponse = { key, fingerprint, status, body, at: Date.now() };
    this.responses.set(key, entry);
    await appendFile(this.file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  }

  abandon(key: string): void {
    this.inFlight.delete(key);
  }
}
