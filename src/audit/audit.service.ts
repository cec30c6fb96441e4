import type { Db, Tx } from '../db/database.js';
import { ChainVerifier, GENESIS_HASH, chainHash, type ChainedEvent, type HashAlgorithm, type StoredEvent, type VerifyResult } from './chain.js';
import { chainHead, eventsAfter, insertEvents, lockChain, takePending } from './audit.store.js';

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

type Unchained = Omit<ChainedEvent, 'seq'>;

function toUnchained(input: AuditInput, at = new Date()): Unchained {
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

/**
 * The append-only, hash-chained log (Art. 33). Two ways in, one chain:
 * - `inTx(tx, e)`: inside a business transaction, atomic with the change (waits in audit_pending);
 * - `record(e)`: outside one (logins, exchanges): queued in memory.
 * One appender loop chains whatever waits in one transaction under an advisory lock (group commit: a burst
 * costs one commit, not one per event). `record` and `flush` resolve only after that commit, so an event is
 * durable before the response that caused it is sent.
 */
export class AuditLog {
  private queue: Array<{ event: Unchained; resolve: () => void; reject: (e: unknown) => void }> = [];
  private flushWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private running = false;

  constructor(private readonly db: Db, readonly algorithm: HashAlgorithm) {}

  async inTx(tx: Tx, input: AuditInput): Promise<void> {
    await tx.insertInto('audit_pending').values({ event: JSON.stringify(toUnchained(input)) }).execute();
  }

  record(input: AuditInput): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event: toUnchained(input), resolve, reject });
      this.kick();
    });
  }

  /** Chains everything waiting now (pending rows of committed transactions included). */
  flush(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.flushWaiters.push({ resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (!this.running) void this.loop();
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0 || this.flushWaiters.length > 0) {
        const batch = this.queue.splice(0, BATCH);
        const waiters = this.flushWaiters.splice(0);
        try {
          await this.writeBatch(batch.map((b) => b.event));
          for (const b of batch) b.resolve();
          for (const w of waiters) w.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
          for (const w of waiters) w.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async writeBatch(queued: Unchained[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await lockChain(tx);
      let more = true;
      let first = true;
      while (more) {
        const pending = await takePending(tx, BATCH);
        more = pending.length === BATCH;
        const events = pending.map((p) => p.event as unknown as Unchained);
        if (first) events.push(...queued);
        first = false;
        if (events.length === 0) break;
        const head = await chainHead(tx);
        let seq = head?.seq ?? 0;
        let prev = head?.hash ?? GENESIS_HASH;
        const stored: StoredEvent[] = events.map((e) => {
          const ev: ChainedEvent = { ...e, seq: ++seq };
          const hash = chainHash(this.algorithm, prev, ev);
          const s = { ...ev, prevHash: prev, hash };
          prev = hash;
          return s;
        });
        await insertEvents(tx, stored);
      }
    });
  }

  /** Recomputes the whole chain from the first event; names the first bad sequence number. */
  async verify(onProgress?: (checked: number) => void): Promise<VerifyResult> {
    const verifier = new ChainVerifier(this.algorithm);
    let after = 0;
    for (;;) {
      const page = await eventsAfter(this.db, after, 10_000);
      if (page.length === 0) break;
      for (const e of page) if (!verifier.push(e)) return verifier.result();
      after = page[page.length - 1]!.seq;
      onProgress?.(after);
    }
    return verifier.result();
  }
}
