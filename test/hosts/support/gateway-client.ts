/**
 * A client of one organisation's API gateway on its host, as docs/api.md tells a client to
 * behave: each write under an Idempotency-Key, a 504 (outcome unknown) sent again under the
 * same key, a 409 with Retry-After (outcome pending) waited out, and a 409 `CONFLICT` (read
 * conflicts the gateway's own retries did not outlast; nothing was written) sent again as a new
 * request for up to a minute. The last happens while a host is cut off: a peer whose block
 * source was the cut-off orderer holds stale state until it switches to another (SmartBFT's 30 s
 * censorship timeout), so endorsements it joins conflict at commit.
 */
import { randomUUID } from 'node:crypto';

/** An answer of the gateway: its status and its JSON body. */
export interface ApiAnswer<T = unknown> {
  readonly status: number;
  readonly body: T;
}

/** A gateway's address on a host and the demo users' password. */
export class GatewayClient {
  private readonly tokens = new Map<string, string>();

  constructor(
    /** e.g. http://10.77.0.1:7160 */
    readonly origin: string,
    private readonly password: string,
  ) {}

  private async token(username: string): Promise<string> {
    const known = this.tokens.get(username);
    if (known !== undefined) return known;
    const answer = await fetch(`${this.origin}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: this.password }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await answer.json()) as { token?: string };
    if (!answer.ok || body.token === undefined) {
      throw new Error(
        `sign-in as ${username} at ${this.origin}: ${answer.status} ${JSON.stringify(body)}`,
      );
    }
    this.tokens.set(username, body.token);
    return body.token;
  }

  /** Sends a request as a user; answers whatever the status (see {@link call} to require 2xx). */
  async send<T = unknown>(
    username: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<ApiAnswer<T>> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const answer = await this.sendOnce<T>(username, method, path, body);
      const code = (answer.body as { error?: { code?: string } } | undefined)?.error?.code;
      if (answer.status !== 409 || code !== 'CONFLICT' || Date.now() > deadline) return answer;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }

  private async sendOnce<T>(
    username: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<ApiAnswer<T>> {
    const token = await this.token(username);
    const idempotencyKey = method === 'GET' ? undefined : randomUUID();
    const once = (): Promise<Response> =>
      fetch(`${this.origin}/api/v1${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(idempotencyKey === undefined ? {} : { 'Idempotency-Key': idempotencyKey }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(150_000),
      });
    let response = await once();
    for (let retry = 0; idempotencyKey !== undefined && retry < 6; retry += 1) {
      const wait = response.status === 409 ? Number(response.headers.get('Retry-After')) : NaN;
      if (response.status !== 504 && !(wait > 0)) break;
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, wait > 0 ? wait * 1000 : 0));
      response = await once();
    }
    const text = await response.text();
    return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
  }

  /** Sends a request as a user and requires a 2xx answer; returns its body. */
  async call<T = unknown>(
    username: string,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<T> {
    const answer = await this.send<T>(username, method, path, body);
    if (answer.status < 200 || answer.status > 299) {
      throw new Error(
        `${username} ${method} ${this.origin}${path}: ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    return answer.body;
  }
}
