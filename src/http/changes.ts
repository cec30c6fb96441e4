/**
 * Change notices between domains: a service that changes grants, resources or nodes says so, and caches (the bus)
 * drop what they hold. On PostgreSQL several instances share one database, so each notice is also relayed to the
 * others (src/ops/notify.ts: LISTEN/NOTIFY) and theirs arrive through `receive`; on PGlite there is one process and
 * the feed stays in-process. The caches' short TTL bounds staleness if a notice is ever lost (a dropped connection).
 */
export type ChangeTopic = 'grants' | 'resources' | 'nodes';

export class ChangeFeed {
  private readonly listeners = new Set<(topic: ChangeTopic) => void>();
  private relay: ((topic: ChangeTopic) => Promise<void>) | undefined;
  private readonly sending = new Set<Promise<void>>();

  on(fn: (topic: ChangeTopic) => void): void {
    this.listeners.add(fn);
  }

  emit(topic: ChangeTopic): void {
    this.receive(topic);
    if (!this.relay) return;
    const p: Promise<void> = this.relay(topic).catch(() => undefined).finally(() => this.sending.delete(p));
    this.sending.add(p);
  }

  /** A notice from another instance: this instance's listeners only (it is not relayed again). */
  receive(topic: ChangeTopic): void {
    for (const fn of this.listeners) fn(topic);
  }

  /** Sends every local notice to the other instances from now on. */
  relayTo(fn: ((topic: ChangeTopic) => Promise<void>) | undefined): void {
    this.relay = fn;
  }

  /** Resolves once every notice emitted so far has been relayed (the HTTP layer waits before answering). */
  async settled(): Promise<void> {
    if (this.sending.size > 0) await Promise.all([...this.sending]);
  }
}
