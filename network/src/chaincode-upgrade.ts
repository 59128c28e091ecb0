/**
 * A chaincode upgrade: the chaincode as now built becomes a new definition (sequence + 1) on
 * every channel. Chaincode as a service ties each server to one package id, so an upgrade means
 * new packages, servers restarted with the new ids, and new approvals.
 */
import {
  CHAINCODE_NAME,
  committedDefinition,
  deployDefinition,
  ensureInstalled,
  ensurePackage,
  joinedChannels,
} from './chaincode-deployment';
import { inParallel } from './commands';
import { withLock } from './lock';
import { defaultLog, type Log } from './log';
import { readState, writeState } from './network-state';
import { checkChaincodeBuilt, nodeSpec } from './nodes';
import { networkLockDir } from './paths';
import { startProcess, stopProcess } from './processes';
import { waitChaincodeReady } from './readiness';
import { organisations } from './topology';

/** What {@link upgradeChaincode} did. */
export interface UpgradeSummary {
  readonly generation: number;
  readonly channels: readonly { readonly name: string; readonly sequence: number }[];
  readonly seconds: number;
}

/**
 * Deploys the chaincode as it is now built (chaincode/dist) as a new definition on every
 * channel: new packages (new package ids), chaincode servers restarted with them, each
 * organisation approving sequence + 1, committed. Calls fail between the servers' restart and
 * the commit (a second or two).
 */
export async function upgradeChaincode(options: { log?: Log } = {}): Promise<UpgradeSummary> {
  const log = options.log ?? defaultLog;
  const began = Date.now();
  checkChaincodeBuilt();
  return withLock(networkLockDir(), 'chaincode upgrade', async () => {
    const orgs = organisations();
    const generation = (readState().chaincode?.generation ?? 0) + 1;
    const packages = Object.fromEntries(
      orgs.map((org) => [org.key, ensurePackage(org, generation)]),
    );
    await Promise.all(
      orgs.map((org) => {
        const record = packages[org.key];
        return record === undefined ? Promise.resolve(false) : ensureInstalled(org, record);
      }),
    );
    log(`packages of generation ${generation} installed`);
    writeState({ ...readState(), chaincode: { generation, packages } });
    await Promise.all(
      orgs.map(async (org) => {
        await stopProcess(nodeSpec('chaincode', org.key, 'stop'));
        await startProcess(nodeSpec('chaincode', org.key));
      }),
    );
    log('chaincode servers restarted with the new packages');
    const [first] = orgs;
    const channels = first === undefined ? [] : await joinedChannels(first);
    // Channels are independent; a few at a time keeps the two cores busy without thrashing.
    const upgraded = await inParallel(channels, 3, async (channel) => {
      const committed = await committedDefinition(channel);
      const sequence = (committed?.sequence ?? 0) + 1;
      await deployDefinition(channel, sequence);
      await waitChaincodeReady(channel, log);
      log(`${CHAINCODE_NAME} on ${channel} upgraded to sequence ${sequence}`);
      return { name: channel, sequence };
    });
    return { generation, channels: upgraded, seconds: (Date.now() - began) / 1000 };
  });
}
