import type { Db, Tx } from '../db/database.js';
import type { PlatformKey } from '../keys/platform-key.js';
import { GENESIS_HASH, chainHash, type ChainedEvent, type HashAlgorithm, type StoredEvent } from './chain.js';
import { verifyKeyOf } from './checkpoint.js';
import { insertSealed, lastCheckpoint, logFrontier, registerKey } from './checkpoint.store.js';
import { chainHead, eventHashesAfter, insertEvents, lockChain, takePending } from './audit.store.js';
import type { LogVerifyResult } from './log-verifier.js';
import { PartitionKeeper, shanghaiMonth } from './partitions.js';
import { Sealer, type Sealed } from './sealer.js';
import { verifyStoredLog } from './verify.service.js';

/** What a caller says about an event; the log adds seq, time and the chain. */
export interface AuditInput {
  action: string;
  outcome?: 'success' | 'failure' | 'denied';
  actor?: { id: string | null; name: string | null; departmentId: string | null } | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  requestId?: string | undefined;
  detail?: Record<string, unknown> | undefined;
}

export interface AuditLogOptions {
  /** The platform key that signs checkpoints; without it events are chained but not sealed (the next signer seals them). */
  signer?: PlatformKey | undefined;
  /** A checkpoint every N events (default 1000) … */
  checkpointEvery?: number;
  /** … or every T seconds when new events exist (default 10; 0 = only on demand). */
  checkpointSeconds?: number;
  /** The time source (tests move it to months long past). */
  clock?: () => Date;
  /** Errors of timer-driven work, which has no caller to reject. */
  onError?: (err: unknown) => void;
}

type Unchained = Omit<ChainedEvent, 'seq'>;

function toUnchained(input: AuditInput, at: Date): Unchained {
  return {
    at: at.toISOString(),
    actorId: input.actor?.id ?? null,
    actorName: input.actor?.name ?? null,
    departmentId: input.actor?.departmentId ?? null,
    action: input.action,
    objectType: input.objectType ?? null,
    objectId: input.objectId ?? null,
    outcome: input.outcome ?? 'success',
    requestId: input.requestId ?? null,
    detail: input.detail ?? null,
  };
}

const BATCH = 10_000;
/** Queued-but-uncommitted events beyond which `enqueue` makes its caller wait (back-pressure, bounded memory). */
export const ENQUEUE_HIGH_WATER = 20_000;
/** A detached event whose batch failed is retried this many times (with a growing pause) before it is given up. */
const DETACHED_RETRIES = 8;
type Waiter = { resolve: () => void; reject: (e: unknown) => void };
type Queued = { event: Unchained; detached?: { tries: number } } & Waiter;

/**
 * The append-only, hash-chained log (Art. 33). Two ways in, one chain:
 * - `inTx(tx, e)`: inside a business transaction, atomic with the change (waits in audit_pending);
 * - `record(e)`: outside one (logins, exchanges): queued in memory.
 * One appender loop chains whatever waits in one transaction under an advisory lock (group commit: a burst
 * costs one commit, not one per event), and in the same transaction writes the signed checkpoints that the new
 * events complete (every N events, at each month's end, or on the T-second timer). `record`, `flush` and
 * `checkpoint` resolve only after that commit, so an event is durable before the response that caused it is sent.
 * - `enqueue(e)`: the exchange hot path (ADR 004, amendment 1): queued like `record` but the caller does not wait for
 *   the commit unless the queue is over its high-water mark; a failed batch is retried, not dropped.
 */
export class AuditLog {
  private queue: Queued[] = [];
  private retryTimer: NodeJS.Timeout | undefined;
  private flushWaiters: Waiter[] = [];
  private sealWaiters: Waiter[] = [];
  private sealDue = false;
  private running = false;
  private sealer: Sealer | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly partitions = new PartitionKeeper();
  private readonly clock: () => Date;

  constructor(private readonly db: Db, readonly algorithm: HashAlgorithm, private readonly opts: AuditLogOptions = {}) {
    this.clock = opts.clock ?? (() => new Date());
  }

  /** Starts the T-second checkpoint timer (the platform calls this; CLI commands seal on demand). */
  start(): void {
    const seconds = this.opts.checkpointSeconds ?? 10;
    if (!this.opts.signer || seconds <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      this.sealDue = true;
      this.kick();
    }, seconds * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  async inTx(tx: Tx, input: AuditInput): Promise<void> {
    await tx.insertInto('audit_pending').values({ event: JSON.stringify(toUnchained(input, this.clock())) }).execute();
  }

  record(input: AuditInput): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event: toUnchained(input, this.clock()), resolve, reject });
      this.kick();
    });
  }

  /**
   * Queues an event whose caller will not wait for its commit: the bus answers while the appender writes the event
   * in the next batch (typically within milliseconds). Returns a promise only when more than ENQUEUE_HIGH_WATER events
   * are waiting, so a slow database slows the callers instead of growing memory. A failed batch puts detached events
   * back at the head of the queue and retries; `flush()` (graceful shutdown, audit reads) waits for them. What a
   * process crash can still lose — the events of the last few milliseconds — the node's own signed log of the same
   * exchanges holds, and reconciliation by ticket id (exchange/node-sync.ts) reports the gap.
   */
  enqueue(input: AuditInput): Promise<void> | undefined {
    const over = this.queue.length >= ENQUEUE_HIGH_WATER;
    const done = new Promise<void>((resolve, reject) => {
      this.queue.push({ event: toUnchained(input, this.clock()), detached: { tries: 0 }, resolve, reject });
      this.kick();
    });
    if (over) return done;
    done.catch((err: unknown) => this.opts.onError?.(err));
    return undefined;
  }

  /** Chains everything waiting now (pending rows of committed transactions included). */
  flush(): Promise<void> {
    return this.wait(this.flushWaiters);
  }

  /** Chains everything waiting and signs a checkpoint over whatever is not yet sealed (proof API, archive, verify). */
  checkpoint(): Promise<void> {
    return this.wait(this.sealWaiters);
  }

  /** Recomputes the chain from the first stored event and checks every checkpoint and its signature. */
  verify(onProgress?: (seq: number) => void): Promise<LogVerifyResult> {
    return verifyStoredLog(this.db, this.algorithm, { onProgress });
  }

  private wait(list: Waiter[]): Promise<void> {
    return new Promise((resolve, reject) => {
      list.push({ resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (!this.running && !this.retryTimer) void this.loop();
  }

  /** After a failed batch of detached events: pause (50 ms, doubling, at most 5 s) so a database outage is not spun on. */
  private retryLater(tries: number): void {
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.kick();
    }, Math.min(5_000, 50 * 2 ** (tries - 1)));
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0 || this.flushWaiters.length > 0 || this.sealWaiters.length > 0 || this.sealDue) {
        const batch = this.queue.splice(0, BATCH);
        const sealWaiters = this.sealWaiters.splice(0);
        const waiters: Waiter[] = [...batch, ...this.flushWaiters.splice(0), ...sealWaiters];
        const seal = this.sealDue || sealWaiters.length > 0;
        this.sealDue = false;
        try {
          if (seal) await this.partitions.ensureAhead(this.db, this.clock());
          await this.writeBatch(batch.map((b) => b.event), seal);
          for (const w of waiters) w.resolve();
        } catch (err) {
          this.sealer = undefined;
          this.partitions.forget();
          const retry = batch.filter((b) => b.detached && ++b.detached.tries <= DETACHED_RETRIES);
          for (const w of waiters) if (!retry.includes(w as Queued)) w.reject(err);
          if (retry.length > 0) {
            this.opts.onError?.(err);
            this.queue.unshift(...retry);
            this.retryLater(retry[0]!.detached!.tries);
            return;
          }
          if (waiters.length === 0) this.opts.onError?.(err);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async writeBatch(queued: Unchained[], seal: boolean): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await lockChain(tx);
      const sealed: Sealed[] = [];
      const sealer = this.opts.signer ? await this.syncSealer(tx, this.opts.signer, sealed) : undefined;
      let head = sealer?.head ?? (await chainHead(tx)) ?? { seq: 0, hash: GENESIS_HASH, at: '' };
      let first = true;
      for (;;) {
        const pending = await takePending(tx, BATCH);
        const events = pending.map((p) => p.event as unknown as Unchained);
        if (first) events.push(...queued);
        first = false;
        if (events.length === 0) break;
        const stored = events.map((e): StoredEvent => {
          // `at` never goes back along seq (an event that waited in a transaction takes its successor's time at most),
          // so each month is one contiguous run of seq: one partition, one archive file, one final checkpoint.
          const s: StoredEvent = {
            seq: head.seq + 1, at: e.at < head.at ? head.at : e.at, actorId: e.actorId, actorName: e.actorName, departmentId: e.departmentId,
            action: e.action, objectType: e.objectType, objectId: e.objectId, outcome: e.outcome, requestId: e.requestId, detail: e.detail,
            prevHash: head.hash, hash: '',
          };
          s.hash = chainHash(this.algorithm, head.hash, s);
          head = { seq: s.seq, hash: s.hash, at: s.at };
          return s;
        });
        await this.partitions.ensure(tx, new Set(stored.map((e) => shanghaiMonth(e.at))));
        await insertEvents(tx, stored);
        if (sealer) for (const e of stored) sealed.push(...sealer.add(e));
        if (pending.length < BATCH) break;
      }
      if (seal && sealer) sealed.push(...sealer.seal());
      await insertSealed(tx, sealed);
    });
  }

  /**
   * The sealer as of the database, under the appender's lock: kept from the last batch when nothing else appended,
   * otherwise rebuilt from the last checkpoint, the checkpoint log's frontier and the events after it (another
   * instance's appends, a restart, or events chained before checkpoints existed, which it seals on the way).
   */
  private async syncSealer(tx: Tx, signer: PlatformKey, out: Sealed[]): Promise<Sealer> {
    const [head, last] = [await chainHead(tx), await lastCheckpoint(tx)];
    if (this.sealer?.matches(head, last)) return this.sealer;
    const { fingerprint } = verifyKeyOf(signer.publicPem);
    await registerKey(tx, { fingerprint, keyId: signer.keyId, sigAlg: signer.suite.alg, publicPem: signer.publicPem });
    const lastIndex = last?.index ?? 0;
    const sealer = new Sealer(this.algorithm, signer, fingerprint, this.opts.checkpointEvery ?? 1000, {
      head: { seq: last?.seq ?? 0, hash: last?.chainHead ?? GENESIS_HASH, at: head && head.seq === (last?.seq ?? 0) ? head.at : '' },
      last: { index: lastIndex, seq: last?.seq ?? 0, hash: last?.hash ?? GENESIS_HASH },
      frontier: await logFrontier(tx, lastIndex),
    }, this.clock);
    for (let after = last?.seq ?? 0; ;) {
      const page = await eventHashesAfter(tx, after, BATCH);
      for (const e of page) out.push(...sealer.add(e));
      if (page.length < BATCH) break;
      after = page[page.length - 1]!.seq;
    }
    this.sealer = sealer;
    return sealer;
  }
}
