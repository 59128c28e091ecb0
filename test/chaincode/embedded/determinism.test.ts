import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contracts } from '@packtrace/chaincode';
import { EmbeddedEngine, type Endorsement } from '@packtrace/embedded-ledger';
import { Tx } from '@packtrace/chaincode/client';
import { GTIN, PARTIES } from '../../support/demo-parties';
import { startEmbeddedScenario } from '../../support/embedded-scenario';
import { CASE_1, EXPIRY, code, pack } from '../../support/fixtures';
import type { ScenarioUser } from '../../support/scenario-ledger';

/** A business day's worth of transactions touching every kind of record. */
const STEPS: Array<[ScenarioUser, string, string[]]> = [
  ['regulator', Tx.Bootstrap.name, ['Agency']],
  [
    'regulator',
    Tx.RegisterParty.name,
    [PARTIES.manufacturer.gln, 'Acme', 'manufacturer', 'ManufacturerMSP', '["9506000"]'],
  ],
  [
    'regulator',
    Tx.RegisterParty.name,
    [PARTIES.pharmacy.gln, 'Central', 'pharmacy', 'PharmacyMSP', '[]'],
  ],
  ['manufacturer', Tx.RegisterProduct.name, [GTIN, 'Paracetamol', 'tablet', '500 mg', '20']],
  ['manufacturer', Tx.CommissionPacks.name, [GTIN, 'LOT-1', EXPIRY, '["Z1","Z2","Z3"]']],
  ['manufacturer', Tx.Aggregate.name, [CASE_1, 'case', JSON.stringify([pack('Z1'), pack('Z2')])]],
  [
    'manufacturer',
    Tx.Ship.name,
    [PARTIES.pharmacy.gln, JSON.stringify([{ type: 'container', sscc: CASE_1 }])],
  ],
  ['manufacturer', Tx.FlagPack.name, [GTIN, 'Z3', 'odd print']],
  ['pharmacy', Tx.RecordScan.name, [code('Z3', 'LOT-1', EXPIRY)]],
];

function digest(endorsement: Endorsement): string {
  const hash = createHash('sha256').update(endorsement.payload);
  for (const [key, value] of [...endorsement.readWriteSet.writes].sort(([a], [b]) =>
    a < b ? -1 : 1,
  )) {
    hash
      .update(key)
      .update('\u0000')
      .update(value ?? 'DELETE');
  }
  hash
    .update(endorsement.event === null ? '' : endorsement.event.name)
    .update(endorsement.event?.payload ?? '');
  return hash.digest('hex');
}

it('writes the same bytes on two independent stores for the same proposals', async () => {
  const a = await startEmbeddedScenario({ bootstrap: false });
  const directory = await mkdtemp(join(tmpdir(), 'packtrace-twin-'));
  const b = await EmbeddedEngine.open({ path: directory, contracts, msps: a.msps });
  try {
    let writes = 0;
    for (const [index, [user, transaction, args]] of STEPS.entries()) {
      const proposal = {
        txId: createHash('sha256').update(`step-${index}`).digest('hex'),
        // The ledger's own clock, so the certificates are valid whatever day this runs.
        timestamp: a.now(),
      };
      const identity = a.identities[user];
      const onA = await a.engine.endorse(identity, transaction, args, proposal);
      const onB = await b.endorse(identity, transaction, args, proposal);
      expect(digest(onB)).toBe(digest(onA));
      writes += onA.readWriteSet.writes.size;
      await a.engine.commit(onA);
      await b.commit(onB);
    }
    expect(writes).toBeGreaterThan(20);
  } finally {
    await b.close();
    await rm(directory, { recursive: true, force: true });
    await a.stop();
  }
});
