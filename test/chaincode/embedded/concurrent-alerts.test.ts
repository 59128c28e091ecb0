import { Tx } from '@packtrace/chaincode/client';
import { GTIN } from '../../support/demo-parties';
import { startEmbeddedScenario, type EmbeddedScenario } from '../../support/embedded-scenario';
import { commission, pack, registerProduct, shipAndReceive } from '../../support/fixtures';

/**
 * Alerts a party raises at the same moment are independent transactions: nothing they write is
 * shared (the regulator's grouping counts index entries rather than a counter every alert
 * updates), so two endorsed against the same state both commit.
 */
describe('alerts raised at the same moment by one party', () => {
  let d: EmbeddedScenario;

  beforeAll(async () => {
    d = await startEmbeddedScenario();
    await registerProduct(d);
    await commission(d, ['C1', 'C2']);
    await shipAndReceive(d, 'manufacturer', 'distributor', [pack('C1'), pack('C2')]);
  });
  afterAll(async () => d.stop());

  it('both commit, and the grouping counts both', async () => {
    const [first, second] = await Promise.all(
      ['C1', 'C2'].map((serial) =>
        d.engine.endorse(d.identities.pharmacy, Tx.FlagPack.name, [GTIN, serial, 'looks wrong']),
      ),
    );
    if (first === undefined || second === undefined) {
      throw new Error('two endorsements expected');
    }
    await d.engine.commit(first);
    await expect(d.engine.commit(second)).resolves.toMatchObject({ txId: second.txId });

    const groups = await d.evaluate<{ items: { raisedBy: string; code: string; open: number }[] }>(
      'regulator',
      Tx.AlertGroups,
    );
    expect(groups.items).toContainEqual(
      expect.objectContaining({ code: 'FLAGGED_SUSPECT', open: 2 }),
    );
  });
});
