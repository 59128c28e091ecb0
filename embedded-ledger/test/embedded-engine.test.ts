import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The embedded engine first: it quiets the chaincode libraries' logs before they load.
import {
  CertificateAuthority,
  CommitError,
  EmbeddedEngine,
  EndorsementError,
  type X509Identity,
} from '@packtrace/embedded-ledger';
import { Context, Contract, Returns, Transaction } from 'fabric-contract-api';

/**
 * A probe contract that exercises the stub directly. Its transactions (`probe:Put`, ...) are
 * this test's own, not the chaincode's, so they are named as strings: the catalogue `Tx` lists
 * the chaincode's transactions only.
 */
class Probe extends Contract {
  constructor() {
    super('probe');
  }

  @Transaction()
  async Put(ctx: Context, key: string, value: string): Promise<void> {
    await ctx.stub.putState(key, Buffer.from(value));
  }

  @Transaction()
  @Returns('string')
  async PutThenRead(ctx: Context, key: string, value: string): Promise<string> {
    await ctx.stub.putState(key, Buffer.from(value));
    return Buffer.from(await ctx.stub.getState(key)).toString();
  }

  @Transaction()
  async PutThenFail(ctx: Context, key: string): Promise<void> {
    await ctx.stub.putState(key, Buffer.from('half-written'));
    throw new Error('refused after writing');
  }

  @Transaction(false)
  @Returns('string')
  async Get(ctx: Context, key: string): Promise<string> {
    return Buffer.from(await ctx.stub.getState(key)).toString();
  }

  @Transaction()
  async Increment(ctx: Context, key: string): Promise<void> {
    const current = Number(Buffer.from(await ctx.stub.getState(key)).toString() || '0');
    await ctx.stub.putState(key, Buffer.from(String(current + 1)));
  }

  @Transaction()
  async Remove(ctx: Context, key: string): Promise<void> {
    await ctx.stub.deleteState(key);
  }

  @Transaction()
  async Emit(ctx: Context, name: string): Promise<void> {
    ctx.stub.setEvent(name, Buffer.from('payload'));
  }

  @Transaction(false)
  @Returns('string')
  async History(ctx: Context, key: string): Promise<string> {
    const iterator = await ctx.stub.getHistoryForKey(key);
    const out: string[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      out.push(r.value.isDelete ? 'deleted' : Buffer.from(r.value.value).toString());
    }
    return JSON.stringify(out);
  }

  @Transaction(false)
  @Returns('string')
  async Page(ctx: Context, size: string, bookmark: string): Promise<string> {
    const { iterator, metadata } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(
      'item',
      [],
      Number(size),
      bookmark,
    );
    const keys: string[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) {
      keys.push(ctx.stub.splitCompositeKey(r.value.key).attributes.join('/'));
    }
    return JSON.stringify({ keys, bookmark: metadata.bookmark });
  }

  @Transaction()
  async PutItem(ctx: Context, id: string): Promise<void> {
    await ctx.stub.putState(ctx.stub.createCompositeKey('item', [id]), Buffer.from(id));
  }

  @Transaction()
  async PageAndWrite(ctx: Context): Promise<void> {
    await ctx.stub.getStateByPartialCompositeKeyWithPagination('item', [], 1, '');
    await ctx.stub.putState('x', Buffer.from('y'));
  }

  @Transaction(false)
  @Returns('string')
  async Whoami(ctx: Context): Promise<string> {
    return `${ctx.clientIdentity.getMSPID()} ${ctx.clientIdentity.getAttributeValue('role') ?? ''} ${ctx.stub.getTxID().length}`;
  }
}

describe('the embedded engine behaves as a Fabric peer where a chaincode can tell', () => {
  let directory: string;
  let engine: EmbeddedEngine;
  let user: X509Identity;
  let ca: CertificateAuthority;

  const text = async (promise: Promise<Buffer>) => (await promise).toString();

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'embedded-ledger-'));
    ca = await CertificateAuthority.create('Org1MSP');
    user = await ca.enrol('alice', { role: 'pharmacy', gln: '9506000000008' });
    engine = await EmbeddedEngine.open({
      path: directory,
      contracts: [Probe],
      msps: { Org1MSP: ca.certificate },
    });
  });
  afterEach(async () => {
    await engine.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('shows a transaction committed state, never its own pending writes', async () => {
    await engine.submit(user, 'probe:Put', ['k', 'old']);
    const result = await engine.submit(user, 'probe:PutThenRead', ['k', 'new']);
    expect(result.payload.toString()).toBe('old');
    expect(await text(engine.evaluate(user, 'probe:Get', ['k']))).toBe('new');
  });

  it('writes nothing of a transaction that fails', async () => {
    const before = await engine.height();
    await expect(engine.submit(user, 'probe:PutThenFail', ['k'])).rejects.toThrow(EndorsementError);
    expect(await text(engine.evaluate(user, 'probe:Get', ['k']))).toBe('');
    expect(await engine.height()).toBe(before);
  });

  it('invalidates the second of two transactions that read the same version (MVCC)', async () => {
    await engine.submit(user, 'probe:Increment', ['n']);
    const first = await engine.endorse(user, 'probe:Increment', ['n']);
    const second = await engine.endorse(user, 'probe:Increment', ['n']);
    await engine.commit(first);
    await expect(engine.commit(second)).rejects.toMatchObject({ code: 'MVCC_READ_CONFLICT' });
    expect(await text(engine.evaluate(user, 'probe:Get', ['n']))).toBe('2');
  });

  it('refuses a transaction id used before', async () => {
    const endorsement = await engine.endorse(user, 'probe:Put', ['a', '1']);
    await engine.commit(endorsement);
    const replay = engine.commit(endorsement);
    await expect(replay).rejects.toThrow(CommitError);
    await expect(replay).rejects.toMatchObject({ code: 'DUPLICATE_TXID' });
  });

  it('keeps every version of a key, deletes included, newest first as on Fabric', async () => {
    await engine.submit(user, 'probe:Put', ['h', 'v1']);
    await engine.submit(user, 'probe:Put', ['h', 'v2']);
    await engine.submit(user, 'probe:Remove', ['h']);
    expect(JSON.parse(await text(engine.evaluate(user, 'probe:History', ['h'])))).toEqual([
      'deleted',
      'v2',
      'v1',
    ]);
  });

  it('pages through composite keys with bookmarks', async () => {
    for (const id of ['a', 'b', 'c']) {
      await engine.submit(user, 'probe:PutItem', [id]);
    }
    const first = JSON.parse(await text(engine.evaluate(user, 'probe:Page', ['2', '']))) as {
      keys: string[];
      bookmark: string;
    };
    expect(first.keys).toEqual(['a', 'b']);
    const second = JSON.parse(
      await text(engine.evaluate(user, 'probe:Page', ['2', first.bookmark])),
    ) as { keys: string[]; bookmark: string };
    expect(second).toEqual({ keys: ['c'], bookmark: '' });
  });

  it('refuses paginated queries in a transaction that writes', async () => {
    await expect(engine.submit(user, 'probe:PageAndWrite', [])).rejects.toThrow(
      'paginated queries',
    );
  });

  it('keeps one chaincode event per transaction and records it with the block', async () => {
    const seen: string[] = [];
    const stop = engine.onCommit((tx) => seen.push(tx.event?.name ?? ''));
    const result = await engine.submit(user, 'probe:Emit', ['Shipped']);
    stop();
    expect(result.event?.name).toBe('Shipped');
    expect(seen).toEqual(['Shipped']);
    expect((await engine.blocks(result.blockNumber, 1))[0]?.event?.payload.toString()).toBe(
      'payload',
    );
  });

  it('hands the chaincode the caller’s MSP and certificate attributes, and a Fabric-style transaction id', async () => {
    expect(await text(engine.evaluate(user, 'probe:Whoami', []))).toBe('Org1MSP pharmacy 64');
  });

  it('refuses a certificate not issued by the MSP’s CA', async () => {
    const stranger = await (
      await CertificateAuthority.create('Org1MSP')
    ).enrol('mallory', { role: 'regulator', gln: '9506000000008' });
    await expect(engine.evaluate(stranger, 'probe:Get', ['k'])).rejects.toThrow('access denied');
  });

  it('keeps state, history (newest first, as on Fabric) and blocks across a restart', async () => {
    await engine.submit(user, 'probe:Put', ['p', 'v1']);
    await engine.submit(user, 'probe:Put', ['p', 'v2']);
    await engine.close();
    engine = await EmbeddedEngine.open({
      path: directory,
      contracts: [Probe],
      msps: { Org1MSP: ca.certificate },
    });
    expect(await engine.height()).toBe(2);
    expect(JSON.parse(await text(engine.evaluate(user, 'probe:History', ['p'])))).toEqual([
      'v2',
      'v1',
    ]);
  });

  it('refuses an unknown function without writing', async () => {
    // A name the probe does not have, on purpose.
    await expect(engine.submit(user, 'probe:Nope', [])).rejects.toThrow(EndorsementError);
    expect(await engine.height()).toBe(0);
  });
});
