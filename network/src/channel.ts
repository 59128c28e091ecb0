/**
 * Channels: a genesis block from configtxgen, joined by every organisation's orderer (osnadmin,
 * channel participation API; there is no system channel) and peer, then the chaincode
 * definition approved by each organisation and committed. Every step first checks whether it
 * is done already, so creating an existing channel only waits until it is ready.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { osnadmin, peerCli } from './admin-tools';
import {
  CHAINCODE_NAME,
  committedDefinition,
  definitionOutdated,
  deployDefinition,
  joinedChannels,
} from './chaincode-deployment';
import { ordererEndpoints, readConfigBlock } from './channel-configuration';
import { CommandError, waitFor } from './commands';
import { withLock } from './lock';
import {
  approveChaincode,
  commitChaincode,
  genesisFromDefinitions,
  joinChannel,
  MajorityError,
} from './organisation-channel';
import {
  organisationDefinition,
  type OrganisationDefinition,
  readDefinition,
  writeDefinition,
} from './organisation-definition';
import { waitChaincodeReady } from './readiness';
import { channelsDir, definitionsDir } from './paths';
import { organisations, type OrgTopology } from './topology';

/** What {@link createChannel} did. */
export interface ChannelInfo {
  readonly name: string;
  /** False when the channel existed already (nothing was created, only readiness checked). */
  readonly created: boolean;
  readonly chaincode: string;
  /** Sequence of the chaincode definition committed on the channel. */
  readonly sequence: number;
  /** Wall time of the call. */
  readonly seconds: number;
}

/** Fabric's channel name rule, restricted to what the project uses. */
const CHANNEL_NAME = /^[a-z][a-z0-9.-]{0,48}$/;

/** Throws unless `name` is a valid channel name. */
export function checkChannelName(name: string): void {
  if (!CHANNEL_NAME.test(name)) {
    throw new Error(
      `invalid channel name '${name}': lowercase letters, digits, '.' and '-', starting with a letter, at most 49 characters`,
    );
  }
}

function genesisBlock(name: string): string {
  return join(channelsDir(), `${name}.block`);
}

/**
 * Every organisation's public definition as it exported it to the one-machine mailbox
 * ($NETWORK_DIR/definitions/), exporting those missing.
 */
export function collectedDefinitions(): OrganisationDefinition[] {
  return organisations().map((org) => {
    const file = join(definitionsDir(), `${org.key}.json`);
    if (!existsSync(file)) {
      writeDefinition(file, organisationDefinition(org));
    }
    return readDefinition(file);
  });
}

/**
 * The genesis block, generated once from the collected definitions (`consortium genesis`):
 * every orderer and peer must join with the same block.
 */
async function ensureGenesisBlock(name: string): Promise<string> {
  const block = genesisBlock(name);
  if (!existsSync(block)) {
    await genesisFromDefinitions(name, block, collectedDefinitions());
  }
  return block;
}

async function ordererHasChannel(org: OrgTopology, name: string): Promise<boolean> {
  try {
    const { stdout } = await osnadmin(
      org,
      ['channel', 'list', '--channelID', name],
      `looking for channel ${name}`,
    );
    return /Status: 200/.test(stdout);
  } catch (error) {
    if (error instanceof CommandError && /Status: 404/.test(error.output)) {
      return false;
    }
    throw error;
  }
}

/** Joins the organisation's orderer to a channel with its genesis block, unless it is joined. */
export async function joinOrderer(org: OrgTopology, name: string, block: string): Promise<void> {
  if (await ordererHasChannel(org, name)) {
    return;
  }
  const { stdout } = await osnadmin(
    org,
    ['channel', 'join', '--channelID', name, '--config-block', block],
    `joining channel ${name}`,
  );
  if (!/Status: 20[01]/.test(stdout) && !/already exists/.test(stdout)) {
    throw new Error(`joining orderer of ${org.key} to ${name} failed:\n${stdout}`);
  }
}

/** Joins the organisation's peer to a channel with its genesis block, unless it is joined. */
export async function joinPeer(org: OrgTopology, name: string, block: string): Promise<void> {
  if ((await joinedChannels(org)).includes(name)) {
    return;
  }
  try {
    await peerCli(org, ['channel', 'join', '-b', block], `joining channel ${name}`);
  } catch (error) {
    if (!(error instanceof CommandError && /already exists/i.test(error.output))) {
      throw error;
    }
  }
}

/**
 * Creates a channel of the four organisations with the chaincode committed, and waits until
 * every peer answers and cross-organisation endorsement works. Idempotent.
 */
export async function ensureChannel(
  name: string,
  log: (line: string) => void = () => undefined,
): Promise<ChannelInfo> {
  checkChannelName(name);
  const started = Date.now();
  let mark = started;
  const step = (what: string): void => {
    log(`  ${name}: ${what} (${((Date.now() - mark) / 1000).toFixed(1)} s)`);
    mark = Date.now();
  };
  const quiet = (): void => undefined;
  return withLock(join(channelsDir(), `${name}.lock`), `creating channel ${name}`, async () => {
    const orgs = organisations();
    const block = await ensureGenesisBlock(name);
    const before = await committedDefinition(name).catch(() => undefined);
    step('genesis block');
    // Each organisation's own `org join` step: it checks the block holds its definition and
    // the agreed policies, then joins. Checked even for a channel with the chaincode committed:
    // a crash half-way through an earlier call may have left one organisation out.
    const decoded = await readConfigBlock(block);
    await Promise.all(orgs.map((org) => joinChannel(org.key, name, block, quiet, { decoded })));
    step('orderers and peers joined, each having checked the block');
    if (before === undefined) {
      // Each organisation's `org approve`, then one `org commit` once its peer has seen a
      // MAJORITY of the approvals.
      const orderers = ordererEndpoints(decoded.view);
      await Promise.all(
        orgs.map((org) => approveChaincode(org.key, name, quiet, { newChannel: true, orderers })),
      );
      // Committed by the first organisation whose peer already sees a MAJORITY of approvals:
      // a peer can lag behind the orderers for half a minute on a loaded machine (its block
      // source suspected only after SmartBFT's censorship timeout), and the commit need not
      // wait for that one peer; readiness below waits for every peer.
      await waitFor(`a MAJORITY of approvals on ${name}`, 90_000, async () => {
        let shortOfMajority: MajorityError | undefined;
        for (const committer of orgs) {
          try {
            return await commitChaincode(committer.key, name, quiet, {
              view: decoded.view,
              newChannel: true,
            });
          } catch (error) {
            if (!(error instanceof MajorityError)) {
              throw error;
            }
            shortOfMajority ??= error;
          }
        }
        throw shortOfMajority ?? new Error('no organisation to commit');
      });
      step('chaincode approved by each organisation and committed');
    } else if (await definitionOutdated(name)) {
      await deployDefinition(name, before.sequence + 1);
      step(
        `chaincode definition brought to the current packages (sequence ${before.sequence + 1})`,
      );
    }
    await waitChaincodeReady(name, log);
    step('chaincode ready on every peer');
    const committed = await committedDefinition(name);
    return {
      name,
      created: before === undefined,
      chaincode: CHAINCODE_NAME,
      sequence: committed?.sequence ?? 1,
      seconds: (Date.now() - started) / 1000,
    };
  });
}
