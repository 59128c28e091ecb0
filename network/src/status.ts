/**
 * The network's state as `network:status` shows it: each process by its recorded PID, its health
 * probe, and for peers and orderers the ledger height of every channel (from their Prometheus
 * metrics, which is cheaper than asking the peer CLI per channel).
 */
import { existsSync } from 'node:fs';
import { inParallel } from './commands';
import { gaugeByChannel, httpsGet } from './health';
import { type NodeKind, nodeKinds, nodeSpec } from './nodes';
import { orgLayout, runDir } from './paths';
import { runningPid } from './processes';
import { organisations } from './topology';

/** The state of one process. */
export interface NodeStatus {
  readonly kind: NodeKind;
  readonly organisation: string;
  readonly pid?: number;
  readonly healthy: boolean;
  readonly logFile: string;
  /** Ledger height per channel (peers and orderers), from their metrics. */
  readonly heights?: Readonly<Record<string, number>>;
  /** Where a peer or orderer keeps its ledger (blocks, world state, history), for sizing. */
  readonly dataDir?: string;
}

/** Each process: its PID if running, its health probe, block heights per channel. */
export async function status(): Promise<NodeStatus[]> {
  if (!existsSync(runDir())) {
    // Nothing was ever created here; building specs would create files.
    return [];
  }
  const entries = organisations().flatMap((org) => nodeKinds(org).map((kind) => ({ org, kind })));
  return inParallel(entries, 8, async ({ org, kind }) => {
    const spec = nodeSpec(kind, org.key, 'stop');
    const pid = runningPid(spec);
    const healthy = pid !== undefined && (await spec.healthy());
    let heights: Record<string, number> | undefined;
    const layout = orgLayout(org.key);
    const dataDir =
      kind === 'peer' ? layout.peer.data : kind === 'orderer' ? layout.orderer.data : undefined;
    if (healthy && (kind === 'peer' || kind === 'orderer')) {
      const port = kind === 'peer' ? org.ports.peerOperations : org.ports.ordererOperations;
      const metrics = await httpsGet(
        org.clientHost,
        port,
        '/metrics',
        layout.caCert,
        layout.admin.tls,
      );
      heights = Object.fromEntries(gaugeByChannel(metrics?.body ?? '', 'ledger_blockchain_height'));
    }
    return {
      kind,
      organisation: org.key,
      ...(pid !== undefined ? { pid } : {}),
      healthy,
      logFile: spec.logFile,
      ...(heights !== undefined ? { heights } : {}),
      ...(dataDir !== undefined ? { dataDir } : {}),
    };
  });
}
