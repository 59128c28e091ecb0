/**
 * The benchmarks' platform: a gateway on the ledger `LEDGER` selects (the embedded ledger, or
 * a fresh channel of the running Fabric network) listening on loopback, and an HTTP client that
 * signs in each demo user once.
 */
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { consortium } from '@packtrace/consortium';
import { CONFIG_DEFAULTS, type AssembledGateway } from '@packtrace/gateway-api';
import { openSelectedGateway } from '../test/support/selected-gateway';

export type LedgerKind = 'embedded' | 'fabric';

/** The demo users' password in every benchmark. */
export const PASSWORD = 'benchmark-password';

/** A gateway listening on loopback, and a client that signs in each demo user once. */
export class Platform {
  private readonly tokens = new Map<string, string>();

  private constructor(
    readonly gateway: AssembledGateway,
    private readonly server: Server,
    readonly url: string,
    private readonly dataDir: string,
  ) {}

  static async open(kind: LedgerKind): Promise<Platform> {
    const dataDir = await mkdtemp(join(os.tmpdir(), 'packtrace-bench-'));
    // The selector the test suites use: the embedded ledger, or a fresh Fabric channel.
    process.env['LEDGER'] = kind;
    const gateway = await openSelectedGateway({
      dataDir,
      // No test server here: the embedded database `npm start` uses, in the bench's folder.
      databaseUrl: `pglite:${join(dataDir, 'database')}`,
      password: PASSWORD,
      log: pino({ level: process.env['BENCH_LOG'] ?? 'silent' }),
      webDir: CONFIG_DEFAULTS.webDir,
      verifyRatePerMinute: 1_000_000,
      signInRatePerMinute: 1_000_000,
      // Every benchmark request comes from loopback: one address.
      patientCheckRatePerMinute: 1_000_000,
    });
    const server = createServer(gateway.app).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return new Platform(gateway, server, url, dataDir);
  }

  async call<T = unknown>(username: string, method: string, path: string, body?: unknown) {
    let token = this.tokens.get(username);
    if (token === undefined) {
      const response = await fetch(`${this.url}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      token = ((await response.json()) as { token: string }).token;
      this.tokens.set(username, token);
    }
    const response = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as T;
    if (!response.ok) {
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    }
    return json;
  }

  /** A session of the gateway's own ledger, as a demo user (the same connections it uses). */
  async session(username: string) {
    const user = this.gateway.users.get(username);
    if (user === undefined) {
      throw new Error(`no user ${username}`);
    }
    return this.gateway.ledger.session(await this.gateway.users.identityOf(user));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    this.server.close();
    await this.gateway.close();
    await rm(this.dataDir, { recursive: true, force: true });
  }
}

/** The GLN of a demo user's party. */
export const glnOf = (username: string): string =>
  consortium.users.find((user) => user.username === username)?.party.gln ?? '';
