/**
 * `node network/dist/cli.js up|down|reset|status|upgrade-chaincode` (the root package's
 * `network:*` scripts) for the one-machine network, and `org <org> ...` / `consortium genesis`
 * for one organisation on its own host (see USAGE).
 */
import { CHAINCODE_NAME } from './chaincode-deployment';
import { upgradeChaincode } from './chaincode-upgrade';
import { CommandError } from './commands';
import { proposeAdd, proposeRemove, signUpdate, submitUpdate } from './config-update';
import {
  exportOrganisation,
  initOrganisation,
  organisationStatus,
  startOrganisation,
  stopOrganisation,
} from './organisation';
import {
  approveChaincode,
  ChannelCheckError,
  commitChaincode,
  consortiumGenesis,
  joinChannel,
  MajorityError,
  waitChannelReady,
} from './organisation-channel';
import { down, reset, up } from './network';
import { status } from './status';
import { enrolUser } from './users';
import { connectionProfilePath, runDir } from './paths';

const USAGE = `usage: node network/dist/cli.js <command>

One machine, every organisation (npm run network:*):
  up | down | reset | status | upgrade-chaincode

One organisation on its own host (acts only on $NETWORK_DIR/<org>/ and the files named):
  org <org> init                        start its Fabric CA, enrol its identities, write configs
  org <org> export <file.json>          write its public definition (no private key)
  org <org> start [kind ...]            start ca, orderer (consenters), peer, chaincode; gateway if named
  org <org> stop [kind ...]             stop its processes (all when none is named)
  org <org> status                      its processes: pid, health, heights (exit 1 if unhealthy)
  org <org> enrol <username> [name=value ...]
                                        register and enrol a user at its own CA with exactly
                                        these certificate attributes (the key stays in its folder)
  org <org> join <channel> <genesis.block>
                                        check the block (or, for a joiner, the channel's latest
                                        configuration), then join its orderer and peer
  org <org> approve <channel> [--chaincode <name>]
                                        package, install, run and approve its own chaincode
  org <org> commit <channel> [--chaincode <name>]
                                        commit the definition once a MAJORITY approved
  org <org> ready <channel> [--chaincode <name>]
                                        wait until its own peer can run the committed chaincode
                                        (--chaincode: the same package as a definition of
                                        another name, with a state of its own; default ${CHAINCODE_NAME})
  org <org> propose-add <channel> <definition.json> <update.pb>
                                        update adding an application organisation (unsigned)
  org <org> propose-remove <channel> <orgKey> <update.pb>
                                        update removing an application organisation (unsigned)
  org <org> sign <update.pb>            show what the update changes, add its admin's signature
  org <org> submit <channel> <update.pb>
                                        submit it once MAJORITY of the organisations signed
  consortium genesis <channel> <out.block> <definition.json>...
                                        the genesis block from the collected definitions

Kinds: ca, orderer, peer, chaincode, gateway. NETWORK_HOSTS=<org>=<address> sets a host's address.`;

/** A command line that does not fit USAGE: the sentence says which part. */
class UsageError extends Error {}

/**
 * A channel and the optional `--chaincode <name>` after it (approve, commit, ready); nothing
 * else may follow.
 */
function channelAndChaincode(
  args: readonly string[],
  shape: string,
): { channel: string; chaincode: string } {
  need(args, 1, shape);
  const [channel = '', ...options] = args;
  if (options.length === 0) {
    return { channel, chaincode: CHAINCODE_NAME };
  }
  const [flag, chaincode] = options;
  if (flag !== '--chaincode' || chaincode === undefined || options.length !== 2) {
    throw new UsageError(`usage: node network/dist/cli.js ${shape}`);
  }
  return { channel, chaincode };
}

function need(args: readonly string[], count: number, shape: string): string[] {
  if (args.length < count) {
    throw new UsageError(`usage: node network/dist/cli.js ${shape}`);
  }
  return args.slice(0, count);
}

async function organisationCommand(orgKey: string, args: readonly string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'init':
      await initOrganisation(orgKey, log);
      return 0;
    case 'export': {
      const [file = ''] = need(rest, 1, `org ${orgKey} export <file.json>`);
      exportOrganisation(orgKey, file, log);
      return 0;
    }
    case 'start':
      await startOrganisation(orgKey, rest, log);
      return 0;
    case 'stop':
      await stopOrganisation(orgKey, rest, log);
      return 0;
    case 'status':
      return (await printOrganisationStatus(orgKey)) ? 0 : 1;
    case 'enrol': {
      const [username = ''] = need(rest, 1, `org ${orgKey} enrol <username> [name=value ...]`);
      const attributes: Record<string, string> = {};
      for (const pair of rest.slice(1)) {
        const at = pair.indexOf('=');
        if (at <= 0) {
          throw new UsageError(`'${pair}' is not an attribute: give name=value`);
        }
        attributes[pair.slice(0, at)] = pair.slice(at + 1);
      }
      const enrolled = await enrolUser(orgKey, username, attributes);
      // Paths only: the private key stays in the organisation's folder.
      log(
        `${orgKey}: ${username} enrolled (${enrolled.mspId}); certificate ${enrolled.certificatePath} key ${enrolled.privateKeyPath}`,
      );
      return 0;
    }
    case 'join': {
      const [channel = '', block = ''] = need(
        rest,
        2,
        `org ${orgKey} join <channel> <genesis.block>`,
      );
      await joinChannel(orgKey, channel, block, log);
      return 0;
    }
    case 'approve': {
      const { channel, chaincode } = channelAndChaincode(
        rest,
        `org ${orgKey} approve <channel> [--chaincode <name>]`,
      );
      await approveChaincode(orgKey, channel, log, { chaincode });
      return 0;
    }
    case 'commit': {
      const { channel, chaincode } = channelAndChaincode(
        rest,
        `org ${orgKey} commit <channel> [--chaincode <name>]`,
      );
      await commitChaincode(orgKey, channel, log, { chaincode });
      return 0;
    }
    case 'ready': {
      const { channel, chaincode } = channelAndChaincode(
        rest,
        `org ${orgKey} ready <channel> [--chaincode <name>]`,
      );
      await waitChannelReady(orgKey, channel, log, chaincode);
      return 0;
    }
    case 'propose-add': {
      const [channel = '', definition = '', out = ''] = need(
        rest,
        3,
        `org ${orgKey} propose-add <channel> <definition.json> <update.pb>`,
      );
      await proposeAdd(orgKey, channel, definition, out, log);
      return 0;
    }
    case 'propose-remove': {
      const [channel = '', removed = '', out = ''] = need(
        rest,
        3,
        `org ${orgKey} propose-remove <channel> <orgKey> <update.pb>`,
      );
      await proposeRemove(orgKey, channel, removed, out, log);
      return 0;
    }
    case 'sign': {
      const [file = ''] = need(rest, 1, `org ${orgKey} sign <update.pb>`);
      await signUpdate(orgKey, file, log);
      return 0;
    }
    case 'submit': {
      const [channel = '', file = ''] = need(rest, 2, `org ${orgKey} submit <channel> <update.pb>`);
      await submitUpdate(orgKey, channel, file, log);
      return 0;
    }
    default:
      throw new UsageError(USAGE);
  }
}

async function printOrganisationStatus(orgKey: string): Promise<boolean> {
  const rows = await organisationStatus(orgKey);
  process.stdout.write(
    `${['process'.padEnd(10), 'pid'.padEnd(8), 'state'.padEnd(10), 'block heights'].join(' ')}\n`,
  );
  for (const row of rows) {
    const heights = Object.entries(row.heights ?? {})
      .map(([channel, height]) => `${channel}=${height}`)
      .join(' ');
    const state = row.pid === undefined ? 'stopped' : row.healthy ? 'healthy' : 'UNHEALTHY';
    process.stdout.write(
      `${[row.kind.padEnd(10), String(row.pid ?? '-').padEnd(8), state.padEnd(10), heights].join(' ')}\n`,
    );
  }
  const unhealthy = rows.filter((row) => !row.healthy);
  for (const row of unhealthy) {
    process.stdout.write(
      `${row.kind} of ${orgKey} is ${row.pid === undefined ? 'not running' : 'not healthy'}; log: ${row.logFile}\n`,
    );
  }
  return unhealthy.length === 0;
}

function log(line: string): void {
  process.stdout.write(`[network] ${line}\n`);
}

async function printStatus(): Promise<boolean> {
  const nodes = await status();
  const rows = nodes.map((node) => {
    const heights = node.heights
      ? Object.entries(node.heights)
          .map(([channel, height]) => `${channel}=${height}`)
          .join(' ')
      : '';
    const state = node.pid === undefined ? 'stopped' : node.healthy ? 'healthy' : 'UNHEALTHY';
    return [
      node.organisation.padEnd(13),
      node.kind.padEnd(10),
      String(node.pid ?? '-').padEnd(8),
      state.padEnd(10),
      heights,
    ].join(' ');
  });
  process.stdout.write(
    `${['organisation'.padEnd(13), 'process'.padEnd(10), 'pid'.padEnd(8), 'state'.padEnd(10), 'block heights'].join(' ')}\n`,
  );
  process.stdout.write(`${rows.join('\n')}\n`);
  const unhealthy = nodes.filter((node) => node.pid !== undefined && !node.healthy);
  for (const node of unhealthy) {
    process.stdout.write(
      `${node.kind} of ${node.organisation} is not healthy; log: ${node.logFile}\n`,
    );
  }
  return unhealthy.length === 0;
}

async function main(args: readonly string[]): Promise<number> {
  const [command] = args;
  switch (command) {
    case 'org': {
      const [orgKey = '', ...rest] = need(args.slice(1), 2, 'org <org> <command> ...');
      return organisationCommand(orgKey, [...rest, ...args.slice(3)]);
    }
    case 'consortium': {
      const [sub, channel, out, ...definitions] = args.slice(1);
      if (
        sub !== 'genesis' ||
        channel === undefined ||
        out === undefined ||
        definitions.length === 0
      ) {
        throw new UsageError(
          'usage: node network/dist/cli.js consortium genesis <channel> <out.block> <definition.json>...',
        );
      }
      await consortiumGenesis(channel, out, definitions, log);
      return 0;
    }
    case 'up': {
      const summary = await up({ log });
      log('summary:');
      for (const { step, seconds } of summary.steps) {
        log(`  ${seconds.toFixed(1).padStart(5)} s  ${step}`);
      }
      log(
        `  total ${summary.seconds.toFixed(1)} s; connection profile: ${connectionProfilePath()}`,
      );
      return 0;
    }
    case 'down':
      await down({ log });
      return 0;
    case 'reset':
      await reset({ log });
      return 0;
    case 'status':
      return (await printStatus()) ? 0 : 1;
    case 'upgrade-chaincode': {
      const summary = await upgradeChaincode({ log });
      log(`chaincode upgraded in ${summary.seconds.toFixed(1)} s`);
      return 0;
    }
    default:
      process.stderr.write(`${USAGE}\n`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      error instanceof MajorityError ||
      error instanceof ChannelCheckError
    ) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
      return;
    }
    // One organisation's command names its own logs only when a tool or process failed.
    const [command, orgKey] = process.argv.slice(2);
    const logs =
      command === 'org' || command === 'consortium'
        ? error instanceof CommandError && command === 'org'
          ? `${runDir()}/${orgKey ?? '<organisation>'}/logs/`
          : undefined
        : `${runDir()}/<organisation>/logs/`;
    process.stderr.write(
      `[network] failed: ${error instanceof Error ? error.message : String(error)}\n` +
        (logs === undefined ? '' : `[network] logs of every process: ${logs}\n`),
    );
    process.exitCode = 1;
  },
);
