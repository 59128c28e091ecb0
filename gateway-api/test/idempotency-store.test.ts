import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONFIG_DEFAULTS,
  IDEMPOTENCY_RETENTION_MS,
  IdempotencyStore,
} from '@packtrace/gateway-api';

/** The configured wait for another attempt of the same request. */
const WAIT_MS = 1000 * CONFIG_DEFAULTS.idempotencyWaitSeconds;

describe('the Idempotency-Key store', () => {
  let directory: string;
  let file: string;
  let now: number;
  const clock = () => now;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'packtrace-idempotency-'));
    file = join(directory, 'idempotency.jsonl');
    now = 1_000_000;
  });
  afterEach(async () => rm(directory, { recursive: true, force: true }));

  async function run(store: IdempotencyStore, key: string, fingerprint = 'f') {
    const start = await store.begin(key, fingerprint);
    if (start.kind !== 'run') {
      throw new Error(`expected ${key} to run, got a replay`);
    }
    return start.request;
  }

  it('replays an answer and its transaction ids after a restart, and refuses the key for another request', async () => {
    const store = await IdempotencyStore.open(file, clock, WAIT_MS);
    await (await run(store, 'u:a')).answer(201, { id: 'A1' }, ['tx-1']);
    const reopened = await IdempotencyStore.open(file, clock, WAIT_MS);
    expect(await reopened.begin('u:a', 'f')).toEqual({
      kind: 'replay',
      status: 201,
      body: { id: 'A1' },
      txIds: ['tx-1'],
    });
    await expect(reopened.begin('u:a', 'other')).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('lets one of several attempts begun at once run, and the others replay its answer', async () => {
    const store = await IdempotencyStore.open(file, clock, WAIT_MS);
    const attempts = Array.from({ length: 4 }, () => store.begin('u:a', 'f'));
    const first = await Promise.race(attempts);
    if (first.kind !== 'run') {
      throw new Error('expected the first attempt to run');
    }
    await first.request.answer(201, { id: 'A1' }, ['tx-1']);
    const starts = await Promise.all(attempts);
    expect(starts.filter((start) => start.kind === 'run')).toHaveLength(1);
    expect(starts.filter((start) => start.kind === 'replay')).toEqual(
      Array.from({ length: 3 }, () => ({
        kind: 'replay',
        status: 201,
        body: { id: 'A1' },
        txIds: ['tx-1'],
      })),
    );
  });

  it('refuses at once an attempt of a different request under a key in use', async () => {
    const store = await IdempotencyStore.open(file, clock, WAIT_MS);
    await run(store, 'u:a');
    await expect(store.begin('u:a', 'other')).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });

  it('gives a waiting attempt what a retry gets when the first leaves its outcome open', async () => {
    const store = await IdempotencyStore.open(file, clock, WAIT_MS);
    const first = await run(store, 'u:a');
    const waiting = store.begin('u:a', 'f');
    await first.recordSubmit(0, 'tx-1');
    first.leaveOpen();
    const start = await waiting;
    if (start.kind !== 'run') {
      throw new Error('expected the waiting attempt to settle what the first sent');
    }
    expect(start.request.earlierSubmit(0)).toEqual({ txId: 'tx-1', at: now });
    expect(start.request.seed).toBe(first.seed);
  });

  it('runs a waiting attempt afresh when the first changed nothing', async () => {
    const store = await IdempotencyStore.open(file, clock, WAIT_MS);
    const first = await run(store, 'u:a');
    const waiting = store.begin('u:a', 'f');
    await first.forget();
    const start = await waiting;
    expect(start.kind).toBe('run');
    expect(start.kind === 'run' && start.request.earlierSends).toBe(0);
  });

  it('answers REQUEST_IN_PROGRESS, with a delay, to an attempt that waited its deadline out', async () => {
    const store = await IdempotencyStore.open(file, clock, 50);
    const first = await run(store, 'u:a');
    await expect(store.begin('u:a', 'f')).rejects.toMatchObject({
      status: 409,
      code: 'REQUEST_IN_PROGRESS',
      retryAfterSeconds: expect.any(Number),
    });
    await first.answer(200, { ok: true }, []);
    expect((await store.begin('u:a', 'f')).kind).toBe('replay');
  });

  it('keeps what a crashed attempt sent, with the same seed, for the retry to settle', async () => {
    const store = await IdempotencyStore.open(file, clock, WAIT_MS);
    const first = await run(store, 'u:a');
    await first.recordSubmit(0, 'tx-1');
    // The process dies here: nothing is answered, nothing is forgotten.
    const reopened = await IdempotencyStore.open(file, clock, WAIT_MS);
    const retry = await run(reopened, 'u:a');
    expect(retry.earlierSends).toBe(1);
    expect(retry.earlierSubmit(0)).toEqual({ txId: 'tx-1', at: now });
    expect(retry.seed).toBe(first.seed);
    expect(retry.seed).toMatch(/^[A-Za-z0-9+/=]{40,}$/);
  });

  it('forgets a key whose request changed nothing, so a retry runs afresh', async () => {
    const store = await IdempotencyStore.open(file, clock, WAIT_MS);
    const first = await run(store, 'u:a');
    await first.forget();
    const again = await run(await IdempotencyStore.open(file, clock, WAIT_MS), 'u:a');
    expect(again.earlierSends).toBe(0);
    expect(again.seed).not.toBe(first.seed);
  });

  it('forgets keys after 24 hours, in memory and on disk', async () => {
    const store = await IdempotencyStore.open(file, clock, WAIT_MS);
    await (await run(store, 'u:old')).answer(200, { n: 1 }, []);
    now += IDEMPOTENCY_RETENTION_MS - 1;
    await (await run(store, 'u:new')).answer(200, { n: 2 }, []);
    expect((await store.begin('u:old', 'f')).kind).toBe('replay');
    now += 1;
    // The old key is past its 24 hours: it runs as a new request.
    expect((await store.begin('u:old', 'f')).kind).toBe('run');
    now += IDEMPOTENCY_RETENTION_MS;
    const reopened = await IdempotencyStore.open(file, clock, WAIT_MS);
    expect(reopened.size).toBe(0);
    expect(await readFile(file, 'utf8')).toBe('');
  });

  it('compacts its file as it grows, keeping every live answer', async () => {
    const store = await IdempotencyStore.open(file, clock, WAIT_MS);
    for (let i = 0; i < 1_500; i += 1) {
      const request = await run(store, `u:${i % 10}-${i}`);
      await request.recordSubmit(0, `tx-${i}`);
      if (i % 2 === 0) {
        await request.answer(200, { i }, []);
      } else {
        await request.forget();
      }
    }
    expect(store.size).toBe(750);
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line !== '');
    // 1,500 requests wrote 4,500 lines; compaction keeps it near the 750 live records.
    expect(lines.length).toBeLessThan(2 * 750 + 1_000 + 3);
    const reopened = await IdempotencyStore.open(file, clock, WAIT_MS);
    expect(reopened.size).toBe(750);
    expect(await reopened.begin('u:8-1498', 'f')).toMatchObject({
      kind: 'replay',
      body: { i: 1498 },
    });
    expect((await readFile(file, 'utf8')).split('\n').filter((line) => line !== '')).toHaveLength(
      750,
    );
  });

  it('ignores a last line cut short by a crash', async () => {
    const store = await IdempotencyStore.open(file, clock, WAIT_MS);
    await (await run(store, 'u:a')).answer(201, { id: 'A1' }, []);
    await appendFile(file, '{"key":"u:b","fingerp');
    const reopened = await IdempotencyStore.open(file, clock, WAIT_MS);
    expect(reopened.size).toBe(1);
    expect((await reopened.begin('u:b', 'f')).kind).toBe('run');
  });

  it('opens an empty or missing file as an empty store', async () => {
    expect((await IdempotencyStore.open(file, clock, WAIT_MS)).size).toBe(0);
    await writeFile(file, '\n\n');
    expect((await IdempotencyStore.open(file, clock, WAIT_MS)).size).toBe(0);
  });
});
