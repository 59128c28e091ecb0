// Seeds the consortium's parties on the running Fabric network's channel, as the regulator.
// `npm run network:up` runs it as its second step, after `node network/dist/cli.js up`; safe to
// run again. The network is the one NETWORK_DIR names, as for the network's CLI.
import { consortium } from '@packtrace/consortium';
import { networkUserIdentity, openNetworkChannel } from './fabric/network-channel';
import { seedConsortium } from './seed-consortium';

async function main(): Promise<void> {
  const regulator = consortium.users.find((user) => user.party === consortium.regulator);
  if (regulator === undefined) {
    throw new Error('consortium.json names no user for the regulator');
  }
  const ledger = openNetworkChannel();
  try {
    const session = ledger.session(await networkUserIdentity(regulator.username));
    const report = await seedConsortium(session, consortium);
    const parts = [
      report.bootstrapped ? 'regulator bootstrapped' : 'regulator already bootstrapped',
      `registered: ${report.registered.join(', ') || 'none'}`,
      `already present: ${report.alreadyPresent.join(', ') || 'none'}`,
    ];
    process.stdout.write(`seeded channel ${ledger.channel}: ${parts.join('; ')}\n`);
  } finally {
    await ledger.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `seeding failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
