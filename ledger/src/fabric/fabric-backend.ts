import { createPrivateKey } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import {
  connect,
  hash,
  signers,
  StatusCode,
  type ChaincodeEvent as FabricChaincodeEvent,
  type CloseableAsyncIterable,
  type Contract,
  type Gateway,
  type Commit,
  type Network,
  type Status,
  type Transaction,
} from '@hyperledger/fabric-gateway';
import { common, gateway as gatewayProtos, msp } from '@hyperledger/fabric-protos';
import { commitFailureKind, retryReadConflicts } from '../conflict-retry';
import {
  DEFAULT_DEADLINES,
  type ChaincodeEvent,
  type Committed,
  type Deadlines,
  type EventStart,
  type PastStart,
  type EventSubscription,
  type LedgerIdentity,
  type LedgerSession,
  type SubmitOptions,
  type TransactionOutcome,
} from '../ledger';
import { LedgerFailure } from '../ledger-failure';
import { fabricFailure, heldByOrderers } from './fabric-failure';
import { PeerHeights, type BlockReader } from './peer-heights';
import { transactionOutcomeOf } from './processed-transaction';
import { chaincodeEventsOf } from './block-events';
import type { FabricLedger, FabricLedgerOptions, FabricPeer } from './fabric-options';

/** A peer's words for a transaction id its ledger does not hold. */
const NO_SUCH_TRANSACTION = /no such transaction ID/i;

/** How long a readiness check waits for each peer's connection. */
const READY_WAIT_MS = 2_000;

/**
 * The gRPC channel options of a connection to a peer. Keepalive pings let a long-lived event
 * stream notice a peer host that vanished without closing its connection (a pulled cable, a
 * frozen VM) instead of waiting forever. Fabric peers refuse pings more frequent than every
 * 60 s by default (`peer.keepalive.minInterval`), so the client pings every 120 s and gives
 * the peer 20 s to answer.
 */
export function grpcClientOptions(peer: FabricPeer): grpc.ChannelOptions {
  return {
    'grpc.keepalive_time_ms': 120_000,
    'grpc.keepalive_timeout_ms': 20_000,
    ...(peer.serverNameOverride === undefined
      ? {}
      : { 'grpc.ssl_target_name_override': peer.serverNameOverride }),
  };
}

/** A Fabric channel reached through each organisation's gateway peer. */
export class FabricBackend implements FabricLedger {
  readonly kind = 'fabric' as const;
  readonly channel: string;
  /** One gRPC connection per peer, shared by every session that goes through it. */
  private readonly clients = new Map<string, grpc.Client>();
  private readonly sessions = new Set<FabricSession>();
  private readonly deadlines: Deadlines;
  /** Every organisation's peer's height, followed once for all sessions. */
  private readonly heights: PeerHeights;

  constructor(private readonly options: FabricLedgerOptions) {
    this.channel = options.channel;
    this.deadlines = { ...DEFAULT_DEADLINES, ...options.deadlines };
    this.heights = new PeerHeights(options.channel, options.peers, (peer) => this.clientFor(peer));
  }

  session(identity: LedgerIdentity): LedgerSession {
    const peer = this.options.peers.find((candidate) => candidate.mspId === identity.mspId);
    // A stranger's certificate still goes to a peer, which turns it away itself.
    const chosen = peer ?? this.options.peers[0];
    if (chosen === undefined) {
      throw new LedgerFailure('unavailable', 'no Fabric peer is configured');
    }
    const session = new FabricSession(
      this.clientFor(chosen),
      identity,
      this.options,
      this.deadlines,
      this.heights,
      (closed) => this.sessions.delete(closed),
    );
    this.sessions.add(session);
    return session;
  }

  /** Whether every organisation's peer accepts a connection within two seconds. */
  async ready(): Promise<boolean> {
    const reachable = await Promise.all(
      this.options.peers.map(
        (peer) =>
          new Promise<boolean>((resolve) => {
            this.clientFor(peer).waitForReady(Date.now() + READY_WAIT_MS, (error) =>
              resolve(error === undefined || error === null),
            );
          }),
      ),
    );
    return reachable.every(Boolean);
  }

  async close(): Promise<void> {
    this.heights.close();
    this.sessions.forEach((session) => session.close());
    this.clients.forEach((client) => client.close());
    this.clients.clear();
  }

  private clientFor(peer: FabricPeer): grpc.Client {
    let client = this.clients.get(peer.endpoint);
    if (client === undefined) {
      const credentials = grpc.credentials.createSsl(Buffer.from(peer.tlsRootCertificate));
      client = new grpc.Client(peer.endpoint, credentials, grpcClientOptions(peer));
      this.clients.set(peer.endpoint, client);
    }
    return client;
  }
}

/** One user's Fabric Gateway connection: their identity and signer, bound once. */
class FabricSession implements LedgerSession {
  readonly mspId: string;
  private readonly gateway: Gateway;
  private readonly network: Network;
  private readonly contract: Contract;
  /** How to close each open event stream, so that closing the session ends them quietly. */
  private readonly streams = new Set<() => void>();
  /** This session's credentials, lent to follow the peers' heights. */
  private readonly reader: BlockReader;

  constructor(
    client: grpc.Client,
    identity: LedgerIdentity,
    private readonly options: FabricLedgerOptions,
    private readonly deadlines: Deadlines,
    private readonly heights: PeerHeights,
    private readonly onClose: (session: FabricSession) => void,
  ) {
    this.mspId = identity.mspId;
    const deadline = (ms: number) => () => ({ deadline: Date.now() + ms });
    this.reader = {
      identity: { mspId: identity.mspId, credentials: Buffer.from(identity.certificate) },
      signer: signers.newPrivateKeySigner(createPrivateKey(identity.privateKey)),
    };
    this.gateway = connect({
      client,
      ...this.reader,
      hash: hash.sha256,
      evaluateOptions: deadline(deadlines.evaluate),
      endorseOptions: deadline(deadlines.endorse),
      submitOptions: deadline(deadlines.submit),
      commitStatusOptions: deadline(deadlines.commitStatus),
    });
    this.network = this.gateway.getNetwork(options.channel);
    this.contract = this.network.getContract(options.chaincode);
  }

  submit(
    transaction: string,
    args: readonly string[],
    options: SubmitOptions = {},
  ): Promise<Committed> {
    return retryReadConflicts(async () => {
      // The transaction id is known before anything is sent, so every failure can name it.
      const proposal = this.contract.newProposal(transaction, { arguments: [...args] });
      const txId = proposal.getTransactionId();
      await options.beforeSend?.(txId);
      let endorsed: Transaction | undefined;
      try {
        endorsed = await proposal.endorse();
        const submitted = await endorsed.submit();
        const status = await submitted.getStatus();
        return await this.committed(transaction, txId, submitted.getResult(), status);
      } catch (error) {
        if (endorsed !== undefined && heldByOrderers(error)) {
          // The orderers that refused already hold it (forwarded by another orderer, seen in
          // CI under load): it is being ordered, so its commit status is asked like any other's;
          // only if that cannot be read is the outcome unknown.
          let status: Status;
          try {
            status = await this.commitStatusOf(txId).getStatus({
              deadline: Date.now() + this.deadlines.commitStatus,
            });
          } catch {
            throw fabricFailure(error, transaction, txId);
          }
          try {
            return await this.committed(transaction, txId, endorsed.getResult(), status);
          } catch (settled) {
            throw settled instanceof LedgerFailure
              ? settled
              : fabricFailure(settled, transaction, txId);
          }
        }
        throw error instanceof LedgerFailure ? error : fabricFailure(error, transaction, txId);
      }
    });
  }

  /** Waits for a submitted transaction's commit status and turns it into the seam's answer. */
  private async committed(
    transaction: string,
    txId: string,
    result: Uint8Array,
    status: Status,
  ): Promise<Committed> {
    if (!status.successful) {
      const name =
        Object.entries(StatusCode).find(([, code]) => code === status.code)?.[0] ??
        String(status.code);
      throw new LedgerFailure(
        commitFailureKind(name),
        `transaction ${txId} (${transaction}) was invalidated at commit: ${name}`,
        { txId },
      );
    }
    const blockNumber = Number(status.blockNumber);
    if (this.options.readYourWritesEverywhere === true) {
      await this.awaitEveryPeer(blockNumber);
    }
    return { payload: Buffer.from(result), txId, blockNumber };
  }

  /**
   * A commit status request for a transaction this session sent, signed by the session's
   * identity when asked (the Fabric Gateway answers once the transaction is in a block).
   */
  private commitStatusOf(txId: string): Commit {
    const identity = new msp.SerializedIdentity();
    identity.setMspid(this.mspId);
    identity.setIdBytes(this.reader.identity.credentials);
    const request = new gatewayProtos.CommitStatusRequest();
    request.setChannelId(this.options.channel);
    request.setTransactionId(txId);
    request.setIdentity(identity.serializeBinary());
    const signed = new gatewayProtos.SignedCommitStatusRequest();
    signed.setRequest(request.serializeBinary());
    return this.gateway.newCommit(signed.serializeBinary());
  }

  /** Asks this session's peer (qscc `GetTransactionByID`): valid and invalid ones are both kept. */
  async transactionOutcome(txId: string): Promise<TransactionOutcome> {
    let processed: Uint8Array;
    try {
      processed = await this.network
        .getContract('qscc')
        .evaluateTransaction('GetTransactionByID', this.options.channel, txId);
    } catch (error) {
      const failure = fabricFailure(error, 'GetTransactionByID');
      if (NO_SUCH_TRANSACTION.test(failure.message)) {
        return { status: 'absent' };
      }
      throw failure;
    }
    return transactionOutcomeOf(processed);
  }

  async evaluate(transaction: string, args: readonly string[]): Promise<Buffer> {
    try {
      return Buffer.from(await this.contract.evaluateTransaction(transaction, ...args));
    } catch (error) {
      throw fabricFailure(error, transaction);
    }
  }

  async chaincodeEvents(
    start: EventStart,
    onEvent: (event: ChaincodeEvent) => void | Promise<void>,
    onError: (failure: Error) => void,
  ): Promise<EventSubscription> {
    const after = 'after' in start ? start.after : undefined;
    let stream: CloseableAsyncIterable<FabricChaincodeEvent>;
    try {
      stream = await this.network.getChaincodeEvents(
        this.options.chaincode,
        after !== undefined
          ? { startBlock: BigInt(after.blockNumber) }
          : 'from' in start && start.from === 'start'
            ? { startBlock: BigInt(0) }
            : {},
      );
    } catch (error) {
      throw fabricFailure(error, 'chaincode events');
    }
    let closed = false;
    const close = (): void => {
      closed = true;
      this.streams.delete(close);
      stream.close();
    };
    this.streams.add(close);
    // Within the cursor's block, events up to and including its transaction were delivered.
    let skipping = after !== undefined;
    // The next event is read only once the consumer took this one: gRPC's flow control then
    // holds the peer back, so a slow consumer costs no memory here.
    const pump = async (): Promise<void> => {
      for await (const event of stream) {
        const blockNumber = Number(event.blockNumber);
        if (skipping && after !== undefined && blockNumber === after.blockNumber) {
          if (event.transactionId === after.transactionId) {
            skipping = false;
          }
          continue;
        }
        skipping = false;
        await onEvent({
          blockNumber,
          transactionId: event.transactionId,
          name: event.eventName,
          payload: Buffer.from(event.payload),
        });
      }
    };
    pump().catch((error: unknown) => {
      // A stream closed here (by its subscription, its session or the ledger) ends with
      // CANCELLED: that is the close, not a failure.
      if (!closed) {
        onError(fabricFailure(error, 'chaincode events'));
      }
    });
    return { close };
  }

  async readChaincodeEvents(
    start: PastStart,
    endBlock: number,
    onEvent: (event: ChaincodeEvent) => boolean | Promise<boolean>,
  ): Promise<void> {
    const after = 'after' in start ? start.after : undefined;
    const startBlock = after?.blockNumber ?? 0;
    if (startBlock >= endBlock) {
      return;
    }
    // Whole blocks, not chaincode events: every block is delivered, so the read knows when it
    // reached `endBlock - 1` even when the last blocks hold no event of this chaincode.
    let blocks: CloseableAsyncIterable<common.Block>;
    try {
      blocks = await this.network.getBlockEvents({ startBlock: BigInt(startBlock) });
    } catch (error) {
      throw fabricFailure(error, 'block events');
    }
    const close = (): void => {
      this.streams.delete(close);
      blocks.close();
    };
    this.streams.add(close);
    try {
      for await (const block of blocks) {
        const blockNumber = Number(block.getHeader()?.getNumber() ?? 0);
        let events = chaincodeEventsOf(block, this.options.chaincode);
        if (after !== undefined && blockNumber === after.blockNumber) {
          // Within the cursor's block, events up to and including its transaction were read.
          const seen = events.findIndex((event) => event.transactionId === after.transactionId);
          events = events.slice(seen + 1);
        }
        for (const event of events) {
          if (!(await onEvent({ blockNumber, ...event }))) {
            return;
          }
        }
        if (blockNumber >= endBlock - 1) {
          return;
        }
      }
    } catch (error) {
      throw fabricFailure(error, 'block events');
    } finally {
      close();
    }
  }

  /** How many blocks the channel has, as this session's peer sees it (qscc's chain info). */
  async blockHeight(): Promise<number> {
    try {
      const bytes = await this.network
        .getContract('qscc')
        .evaluateTransaction('GetChainInfo', this.options.channel);
      return common.BlockchainInfo.deserializeBinary(bytes).getHeight();
    } catch (error) {
      throw fabricFailure(error, 'GetChainInfo');
    }
  }

  /**
   * Waits until every organisation's peer holds block `blockNumber`. Gives up quietly at the
   * commit-status deadline: the transaction is committed either way, and a peer that is down
   * catches up when it returns.
   */
  private async awaitEveryPeer(blockNumber: number): Promise<void> {
    await this.heights.reach(blockNumber, Date.now() + this.deadlines.commitStatus, this.reader);
  }

  close(): void {
    [...this.streams].forEach((close) => close());
    this.gateway.close();
    this.onClose(this);
  }
}
