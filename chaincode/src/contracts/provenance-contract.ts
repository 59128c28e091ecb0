import { validateGtin14, validateSerial } from '@packtrace/gs1';
import { Returns, Transaction } from 'fabric-contract-api';
import { ancestorsOf, effectiveCustody, everyHolder, requirePack } from '../domain/items';
import { packProvenance } from '../domain/provenance';
import { authorise, type Caller } from '../identity/caller';
import { gs1 } from '../ledger/arguments';
import { ChaincodeRefusal } from '../ledger/chaincode-refusal';
import { TraceContext } from '../ledger/trace-context';
import type { Container, Pack } from '../model/tracked-item';
import type { PackHistory, PackView } from '../model/transaction-results';
import { TraceContract } from './trace-contract';

/** Where a pack is and where it has been. */
export class ProvenanceContract extends TraceContract {
  constructor() {
    super('provenance');
  }

  /** A pack's current record, custody and containers (the regulator, or a party that has held it). */
  @Transaction(false)
  @Returns('string')
  async GetPack(ctx: TraceContext, gtin: string, serial: string): Promise<string> {
    const caller = await authorise(ctx, 'GetPack');
    const { pack, ancestors } = await readablePack(ctx, caller, gtin, serial);
    return this.result({
      pack,
      custody: effectiveCustody(pack, ancestors),
      containers: ancestors.map((c) => c.sscc),
    } satisfies PackView);
  }

  /** The full provenance of a pack, oldest first. */
  @Transaction(false)
  @Returns('string')
  async GetPackHistory(ctx: TraceContext, gtin: string, serial: string): Promise<string> {
    const caller = await authorise(ctx, 'GetPackHistory');
    const { pack } = await readablePack(ctx, caller, gtin, serial);
    return this.result({ pack, events: await packProvenance(ctx, pack) } satisfies PackHistory);
  }
}

async function readablePack(
  ctx: TraceContext,
  caller: Caller,
  gtin: string,
  serial: string,
): Promise<{ pack: Pack; ancestors: Container[] }> {
  const pack = await requirePack(
    ctx,
    gs1(() => validateGtin14(gtin)),
    gs1(() => validateSerial(serial)),
  );
  const ancestors = await ancestorsOf(ctx, pack);
  if (caller.role !== 'regulator' && !everyHolder(pack, ancestors).has(caller.gln)) {
    throw new ChaincodeRefusal(
      'NOT_PERMITTED',
      'only the regulator or a party that has held this pack may read it',
    );
  }
  return { pack, ancestors };
}
