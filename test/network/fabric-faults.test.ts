// Fabric only: what the network does when its processes fail. Run by scripts/test-fabric.sh on
// the network it started; nothing here has an embedded-ledger equivalent.
import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers, StatusCode } from '@hyperledger/fabric-gateway';
import { Tx, type Party } from '@packtrace/chaincode/client';
import { consortium } from '@packtrace/consortium';
import { LedgerFailure, type FabricLedger } from '@packtrace/ledger';
import {
  down,
  networkProfile,
  startNode,
  status,
  stopNode,
  up,
  type NodeKind,
} from '@packtrace/network';
import { GTIN, PARTIES, gln } from '../support/demo-parties';
import { startFabricScenario } from '../support/fabric-scenario';
import { commission, code, registerProduct, verify } from '../support/fixtures';
import type { ScenarioLedger } from '../support/scenario-ledger';

/** A killed BFT leader stalls ordering until the others elect a new one (about 10 s). */
jest.setTimeout(180_000);

const quiet = { log: () => undefined };

describe('the four-organisation network under failure', () => {
  let d: ScenarioLedger;
  /** Serials committed so far: each must verify as genuine after every fault. */
  const committed: string[] = [];

  async function commitOne(serial: string): Promise<void> {
    await commission(d, [serial]);
    committed.push(serial);
  }

  async function expectAllCommittedOnce(): Promise<void> {
    for (const serial of committed) {
      expect((await verify(d, 'manufacturer', code(serial))).verdict).toBe('AUTHENTIC_ACTIVE');
    }
    const page = await d.evaluate<{ items: unknown[] }>(
      'manufacturer',
      Tx.ListBatchPacks,
      GTIN,
      'LOT-42A',
      '200',
      '',
    );
    expect(page.items).toHaveLength(committed.length);
  }

  /** Asks readiness every 250 ms until it answers `wanted` or 10 s pass; its last answer. */
  async function readinessBecomes(wanted: boolean): Promise<boolean> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ready = await d.ledger.ready();
      if (ready === wanted || Date.now() > deadline) {
        return ready;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Waits until a restarted node's height on the suite's channel matches its peers' (30 s). */
  async function expectCaughtUp(kind: NodeKind, organisation: string): Promise<void> {
    const channel = (d.ledger as FabricLedger).channel;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const nodes = (await status()).filter((node) => node.kind === kind);
      const heights = nodes.map((node) => node.heights?.[channel] ?? 0);
      const mine = nodes.find((node) => node.organisation === organisation)?.heights?.[channel];
      if (mine !== undefined && mine === Math.max(...heights)) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(
          `${kind} of ${organisation} is at ${String(mine)}, the others at ${heights.join(', ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  beforeAll(async () => {
    d = await startFabricScenario();
    await registerProduct(d);
    await commitOne('F0');
  });
  afterAll(async () => d.stop());

  it('keeps every committed transaction across a stop and restart of the whole network', async () => {
    await commitOne('F1');
    await down(quiet);
    await up(quiet);
    await expectAllCommittedOnce();
    await commitOne('F2');
  });

  it('commits with one orderer down, and the orderer catches up when it returns', async () => {
    // The regulator's orderer is the initial SmartBFT leader: the others must elect a new one.
    expect(await stopNode('orderer', 'regulator')).toBe(true);
    try {
      await commitOne('F3');
    } finally {
      await startNode('orderer', 'regulator');
    }
    await commitOne('F4');
    await expectCaughtUp('orderer', 'regulator');
    await expectAllCommittedOnce();
  });

  it('commits with one peer down under MAJORITY, and the peer catches up when it returns', async () => {
    expect(await stopNode('peer', 'distributor')).toBe(true);
    try {
      // Readiness (the gateway's /readyz) reports the missing peer, once the client's channel to
      // it has seen the connection close (a moment after the process ended; within 10 s here).
      expect(await readinessBecomes(false)).toBe(false);
      await commitOne('F5');
    } finally {
      await startNode('peer', 'distributor');
    }
    expect(await readinessBecomes(true)).toBe(true);
    // The distributor's own peer now answers for what was committed while it was down.
    const seen = await d.evaluate<{ verdict: string }>('distributor', Tx.Verify, code('F5'));
    expect(seen.verdict).toBeDefined();
    await expectCaughtUp('peer', 'distributor');
    await expectAllCommittedOnce();
  });

  it('fails clearly while an organisation’s chaincode server is down, and recovers when it returns', async () => {
    expect(await stopNode('chaincode', 'manufacturer')).toBe(true);
    try {
      // The manufacturer's own peer cannot run the chaincode, so its users' calls fail, plainly.
      const failure = await commission(d, ['F6'])
        .then(() => undefined)
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(LedgerFailure);
      const { kind, message } = failure as LedgerFailure;
      expect({ kind, message }).toEqual({
        kind: 'unavailable',
        message: expect.stringContaining('chaincode') as unknown,
      });
      // The other four organisations still make a majority for their own users.
      await d.submit('regulator', Tx.SuspendParty, PARTIES.pharmacy2.gln, 'fault test');
      await d.submit('regulator', Tx.AuthoriseParty, PARTIES.pharmacy2.gln, 'fault test');
    } finally {
      await startNode('chaincode', 'manufacturer');
    }
    await commitOne('F6');
    await expectAllCommittedOnce();
  });
});

describe('the endorsement policy', () => {
  it('invalidates a transaction endorsed by one organisation alone', async () => {
    const profile = networkProfile();
    const regulator = consortium.users.find((user) => user.party === consortium.regulator);
    const user = regulator === undefined ? undefined : profile.users[regulator.username];
    const organisation = profile.organisations['regulator'];
    if (user === undefined || organisation === undefined) {
      throw new Error('the network profile lacks the regulator');
    }
    const client = new grpc.Client(
      organisation.peer.endpoint,
      grpc.credentials.createSsl(Buffer.from(organisation.peer.tlsRootCertPem)),
    );
    const gateway = connect({
      client,
      identity: { mspId: user.mspId, credentials: await readFile(user.certificatePath) },
      signer: signers.newPrivateKeySigner(
        createPrivateKey(await readFile(user.privateKeyPath, 'utf8')),
      ),
      hash: hash.sha256,
    });
    try {
      const contract = gateway.getNetwork(profile.channel).getContract(profile.chaincode);
      // The regulator alone endorses registering a party: a valid proposal, one signature.
      const proposal = contract.newProposal(Tx.RegisterParty.name, {
        arguments: [gln('950600000777'), 'Solo Pharmacy', 'pharmacy', 'PharmacyMSP', '[]'],
        endorsingOrganizations: [user.mspId],
      });
      const submitted = await (await proposal.endorse()).submit();
      const status = await submitted.getStatus();
      expect(status.successful).toBe(false);
      expect(status.code).toBe(StatusCode.ENDORSEMENT_POLICY_FAILURE);
      // And nothing was written.
      const parties = JSON.parse(
        Buffer.from(await contract.evaluateTransaction(Tx.ListParties.name, '100', '')).toString(),
      ) as { items: Party[] };
      expect(parties.items.map((party) => party.name)).not.toContain('Solo Pharmacy');
    } finally {
      gateway.close();
      client.close();
    }
  });
});
