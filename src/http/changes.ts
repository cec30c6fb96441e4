/**
 * Change notices between domains in one process: a service that changes grants, resources or nodes says so, and
 * caches (the bus) drop what they hold. Cross-instance notices (LISTEN/NOTIFY) can feed the same feed later;
 * until then the caches' short TTL bounds how stale another instance can be.
 */
export type ChangeTopic = 'grants' | 'resources' | 'nodes';

export class ChangeFeed {
  private readonly listeners = new Set<(topic: ChangeTopic) => void>();

  on(fn: (topic: ChangeTopic) => void): void {
    this.listeners.add(fn);
  }

  emit(topic: ChangeTopic): void {
    for (const fn of this.listeners) fn(topic);
  }
}
