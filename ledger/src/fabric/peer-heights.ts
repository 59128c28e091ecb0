import type * as grpc from '@grpc/grpc-js';
import {
  connect,
  hash,
  type CloseableAsyncIterable,
  type Gateway,
  type Identity,
  type Signer,
} from '@hyperledger/fabric-gateway';
import { common, type peer as peerProtos } from '@hyperledger/fabric-protos';
import type { FabricPeer } from './fabric-options';

/** A caller's credentials, to read blocks with (any member of the channel may). */
export interface BlockReader {
  readonly identity: Identity;
  readonly signer: Signer;
}

/** How long finding a peer's height may take before the peer is not waited for. */
const START_DEADLINE_MS = 5_000;
/** How long after its stream failed a peer is followed afresh. */
const RETRY_AFTER_MS = 1_000;

/** A wait for a peer to hold a block. */
interface Waiter {
  readonly height: number;
  readonly done: () => void;
}

/**
 * One peer's block height, followed through its filtered block events (one stream, a few bytes
 * a block) instead of asked for after every write.
 */
class PeerFollower {
  private height = 0;
  private waiters: Waiter[] = [];
  private stream: CloseableAsyncIterable<peerProtos.FilteredBlock> | undefined;
  private readonly gateway: Gateway;
  /** False once the stream has failed: waits on this peer then end at once. */
  private alive = true;
  private failedAt = 0;
  private readonly started: Promise<void>;

  constructor(client: grpc.Client, channel: string, reader: BlockReader) {
    this.gateway = connect({
      client,
      identity: reader.identity,
      signer: reader.signer,
      hash: hash.sha256,
      evaluateOptions: () => ({ deadline: Date.now() + START_DEADLINE_MS }),
    });
    this.started = this.start(channel).catch(() => this.fail());
  }

  /** Resolves once the peer holds block `blockNumber`, it cannot be followed, or at `deadline`. */
  async reach(blockNumber: number, deadline: number): Promise<void> {
    await this.started;
    if (!this.alive || this.height > blockNumber) {
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => {
          this.waiters = this.waiters.filter((waiter) => waiter.done !== done);
          resolve();
        },
        Math.max(0, deadline - Date.now()),
      );
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push({ height: blockNumber + 1, done });
    });
  }

  /** Whether it failed over a second ago, so following the peer afresh is worth a try. */
  get stale(): boolean {
    return !this.alive && Date.now() - this.failedAt > RETRY_AFTER_MS;
  }

  close(): void {
    this.alive = false;
    this.stream?.close();
    this.gateway.close();
    this.release(() => true);
  }

  private async start(channel: string): Promise<void> {
    const network = this.gateway.getNetwork(channel);
    const info = await network.getContract('qscc').evaluateTransaction('GetChainInfo', channel);
    this.height = common.BlockchainInfo.deserializeBinary(info).getHeight();
    const stream = await network.getFilteredBlockEvents({ startBlock: BigInt(this.height) });
    this.stream = stream;
    void (async () => {
      try {
        for await (const block of stream) {
          this.height = Math.max(this.height, block.getNumber() + 1);
          this.release((waiter) => waiter.height <= this.height);
        }
      } catch {
        // The stream ends with an error when the peer goes away or the follower is closed.
      }
      this.fail();
    })();
  }

  private fail(): void {
    if (this.alive) {
      this.failedAt = Date.now();
    }
    this.alive = false;
    this.release(() => true);
  }

  private release(when: (waiter: Waiter) => boolean): void {
    const ready = this.waiters.filter(when);
    this.waiters = this.waiters.filter((waiter) => !when(waiter));
    ready.forEach((waiter) => waiter.done());
  }
}

/**
 * Every organisation's peer's height on one channel, each followed through its block events,
 * started on first use with the first caller's credentials. A peer whose stream fails is not
 * waited for (it catches up when it returns) and is followed afresh on the next wait.
 */
export class PeerHeights {
  private readonly followers = new Map<string, PeerFollower>();

  constructor(
    private readonly channel: string,
    private readonly peers: readonly FabricPeer[],
    private readonly clientFor: (peer: FabricPeer) => grpc.Client,
  ) {}

  /** Resolves once every peer holds block `blockNumber`, or at `deadline`. */
  async reach(blockNumber: number, deadline: number, reader: BlockReader): Promise<void> {
    await Promise.all(
      this.peers.map((peer) => this.followerOf(peer, reader).reach(blockNumber, deadline)),
    );
  }

  close(): void {
    this.followers.forEach((follower) => follower.close());
    this.followers.clear();
  }

  private followerOf(peer: FabricPeer, reader: BlockReader): PeerFollower {
    let follower = this.followers.get(peer.endpoint);
    if (follower === undefined || follower.stale) {
      follower?.close();
      follower = new PeerFollower(this.clientFor(peer), this.channel, reader);
      this.followers.set(peer.endpoint, follower);
    }
    return follower;
  }
}
