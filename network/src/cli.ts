/**
 * `node network/dist/cli.js up|down|reset|status|upgrade-chaincode` (the root package's
 * `network:*` scripts).
 */
import { upgradeChaincode } from './chaincode-upgrade';
import { down, reset, up } from './network';
import { status } from './status';
import { connectionProfilePath, runDir } from './paths';

const USAGE = 'usage: node network/dist/cli.js up | down | reset | status | upgrade-chaincode';

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
    process.stderr.write(
      `[network] failed: ${error instanceof Error ? error.message : String(error)}\n` +
        `[network] logs of every process: ${runDir()}/<organisation>/logs/\n`,
    );
    process.exitCode = 1;
  },
);
