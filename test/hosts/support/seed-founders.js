// Run by the regulator's operator on the regulator's own host (scripts/test-hosts.sh's runbook):
// bootstraps the ledger and registers the founding organisations' parties with the ledger's own
// seed function (ledger/src/seed-consortium.ts), as the regulator's user and through the
// regulator's own peer only. Parties of organisations not yet in the channel (a company that
// joins later) are left for the regulator to register when they join, as the runbook does.
// Plain CommonJS over the built packages: it runs as the host's user, outside jest.
'use strict';
const { consortium } = require('@packtrace/consortium');
const { seedConsortium } = require('@packtrace/ledger');
const {
  networkUserIdentity,
  openNetworkChannel,
} = require('@packtrace/ledger/dist/fabric/network-channel.js');

async function main() {
  const members = new Set(process.argv.slice(2));
  if (members.size === 0) throw new Error('name the channel member organisations');
  const regulatorUser = consortium.users.find((user) => user.party === consortium.regulator);
  if (!regulatorUser) throw new Error('consortium.json names no user for the regulator');
  // FABRIC_CHANNEL names another channel than the consortium's (the scenario suites' own).
  const ledger = openNetworkChannel(process.env.FABRIC_CHANNEL || undefined, {
    organisation: consortium.regulator.organisation.key,
  });
  try {
    const session = ledger.session(
      await networkUserIdentity(regulatorUser.username, consortium.regulator.organisation.key),
    );
    const report = await seedConsortium(session, {
      ...consortium,
      parties: consortium.parties.filter((party) => members.has(party.organisation.key)),
    });
    process.stdout.write(
      `seeded: bootstrapped ${report.bootstrapped}; registered ${report.registered.join(', ') || 'none'}; already present ${report.alreadyPresent.join(', ') || 'none'}\n`,
    );
  } finally {
    await ledger.close();
  }
}

main().catch((error) => {
  process.stderr.write(
    `seeding failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
