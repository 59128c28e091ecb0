/**
 * Jest's global set-up for the scenario suites on the separate hosts: one channel formed alone
 * before any suite runs. The first channel with every member makes each founder add Other
 * Pharma's TLS root to its trust bundle (removed from the consortium's channel by the runbook, it
 * was never in theirs) and restart its orderer and peer to read it; two channels formed at once
 * then had the other's `join` refused by the restarting orderers (CI, 2026-12-07).
 */
import { randomBytes } from 'node:crypto';
import { loadHosts } from './hosts';
import { formSuiteChannel } from './suite-channel';

export default async function settleTrust(): Promise<void> {
  const channel = `suite-${randomBytes(4).toString('hex')}`;
  const took = await formSuiteChannel(loadHosts(), channel);
  const steps = Object.entries(took);
  process.stdout.write(
    `\nhosts: ${channel} formed alone first, so every member trusts every other before suites ` +
      `form channels two at a time (${steps.map(([step, s]) => `${step} ${s.toFixed(1)} s`).join(', ')})\n`,
  );
}
