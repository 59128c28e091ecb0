/**
 * The Fabric command-line tools run as an organisation's admin: the peer CLI (channel join,
 * chaincode lifecycle), osnadmin (orderer channel participation) and discover (the same
 * endorsement analysis the peer's gateway makes).
 */
import { type CommandOutput, CommandError, runCommand } from './commands';
import { tool } from './fabric-binaries';
import { peerConfigDir } from './node-config';
import { orgLayout } from './paths';
import { consenters, type OrgTopology } from './topology';

/** Runs `peer <args>` as the organisation's admin against its own peer. */
export function peerCli(
  org: OrgTopology,
  args: readonly string[],
  what: string,
  timeoutMs = 60_000,
): Promise<CommandOutput> {
  const layout = orgLayout(org.key);
  return runCommand(tool('peer'), args, {
    what: `${what} (${org.key})`,
    timeoutMs,
    env: {
      ...process.env,
      FABRIC_CFG_PATH: peerConfigDir(org),
      FABRIC_LOGGING_SPEC: 'warning',
      CORE_PEER_LOCALMSPID: org.mspId,
      CORE_PEER_MSPCONFIGPATH: layout.admin.msp.dir,
      CORE_PEER_ADDRESS: `${org.host}:${org.ports.peer}`,
      CORE_PEER_TLS_ENABLED: 'true',
      CORE_PEER_TLS_ROOTCERT_FILE: layout.tlsRootBundle,
    },
  });
}

/** Arguments that point a peer CLI command at an organisation's orderer. */
export function ordererArgs(from: OrgTopology, orderer: OrgTopology): string[] {
  return [
    '-o',
    `${orderer.host}:${orderer.ports.orderer}`,
    '--tls',
    '--cafile',
    orgLayout(from.key).tlsRootBundle,
  ];
}

/**
 * Runs a command that needs an orderer, trying the orderers in consenter order and the next if
 * one cannot be reached (BFT keeps ordering with one orderer down). The first consenter is the
 * SmartBFT leader until a view change; the peer CLI sends a transaction to one orderer only,
 * and a follower forwards it to the leader only after RequestForwardTimeout (2 s), so lifecycle
 * transactions sent to the leader commit seconds sooner. (Gateway clients are not affected: the
 * peer's gateway sends to every orderer of a BFT channel.)
 */
export async function withOrderer<T>(
  _org: OrgTopology,
  attempt: (orderer: OrgTopology) => Promise<T>,
): Promise<T> {
  const orderers = consenters();
  let last: unknown;
  for (const orderer of orderers) {
    try {
      return await attempt(orderer);
    } catch (error) {
      last = error;
      const unreachable =
        error instanceof CommandError &&
        /connection refused|failed to create new connection|context deadline exceeded|SERVICE_UNAVAILABLE/i.test(
          error.output,
        );
      if (!unreachable) {
        throw error;
      }
    }
  }
  throw last;
}

/** Runs `osnadmin <args>` with the organisation's admin TLS pair against its own orderer. */
export function osnadmin(
  org: OrgTopology,
  args: readonly string[],
  what: string,
): Promise<CommandOutput> {
  const layout = orgLayout(org.key);
  return runCommand(
    tool('osnadmin'),
    [
      ...args,
      '-o',
      `${org.host}:${org.ports.ordererAdmin}`,
      '--ca-file',
      layout.caCert,
      '--client-cert',
      layout.admin.tls.cert,
      '--client-key',
      layout.admin.tls.key,
    ],
    { what: `${what} (orderer of ${org.key})`, timeoutMs: 30_000 },
  );
}

/** Runs `discover <command>` as the organisation's admin against its own peer. */
export function discover(
  org: OrgTopology,
  command: readonly string[],
  what: string,
): Promise<CommandOutput> {
  const layout = orgLayout(org.key);
  return runCommand(
    tool('discover'),
    [
      '--peerTLSCA',
      layout.tlsRootBundle,
      '--userKey',
      layout.admin.msp.key,
      '--userCert',
      layout.admin.msp.cert,
      '--MSP',
      org.mspId,
      ...command,
      '--server',
      `${org.host}:${org.ports.peer}`,
    ],
    {
      what: `${what} (peer of ${org.key})`,
      timeoutMs: 15_000,
      env: { ...process.env, FABRIC_LOGGING_SPEC: 'warning' },
    },
  );
}
