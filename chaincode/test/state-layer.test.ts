import type { TraceContext } from '../src/ledger/trace-context';
import { deleteKey, readRecord, writeRecord } from '../src/ledger/state';

/**
 * A stub with Fabric's semantics: reads see the committed state only, writes are buffered until
 * the transaction commits (the last write of a key wins).
 */
class FabricLikeStub {
  readonly buffered = new Map<string, Uint8Array>();

  constructor(private readonly committed: ReadonlyMap<string, Uint8Array>) {}

  getState(key: string): Promise<Uint8Array> {
    return Promise.resolve(this.committed.get(key) ?? new Uint8Array());
  }

  putState(key: string, value: Uint8Array): Promise<void> {
    this.buffered.set(key, value);
    return Promise.resolve();
  }

  deleteState(key: string): Promise<void> {
    this.buffered.set(key, new Uint8Array());
    return Promise.resolve();
  }
}

function transaction(committed: ReadonlyMap<string, Uint8Array>) {
  const stub = new FabricLikeStub(committed);
  return { stub, ctx: { stub } as unknown as TraceContext };
}

const json = (value: object) => Buffer.from(JSON.stringify(value), 'utf8');

describe('the chaincode state layer within one transaction', () => {
  const committed = new Map([['case', json({ status: 'active', heldPacks: 0 })]]);

  it('reads its own earlier write, so a second write builds on the first', async () => {
    const { stub, ctx } = transaction(committed);
    const first = await readRecord<{ status: string; heldPacks: number }>(ctx, 'case');
    await writeRecord(ctx, 'case', { ...first, status: 'quarantined' });
    const second = await readRecord<{ status: string; heldPacks: number }>(ctx, 'case');
    await writeRecord(ctx, 'case', { ...second, heldPacks: (second?.heldPacks ?? 0) + 1 });
    expect(JSON.parse(Buffer.from(stub.buffered.get('case') ?? []).toString('utf8'))).toEqual({
      status: 'quarantined',
      heldPacks: 1,
    });
  });

  it('finds nothing under a key it deleted', async () => {
    const { ctx } = transaction(committed);
    await deleteKey(ctx, 'case');
    expect(await readRecord(ctx, 'case')).toBeUndefined();
  });

  it('keeps each transaction’s writes to itself', async () => {
    const writer = transaction(committed);
    await writeRecord(writer.ctx, 'case', { status: 'unpacked', heldPacks: 0 });
    const other = transaction(committed);
    expect(await readRecord(other.ctx, 'case')).toEqual({ status: 'active', heldPacks: 0 });
  });
});
