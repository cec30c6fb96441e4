import { claimLease } from '../db/lease.js';
import type { AppContext } from '../http/context.js';
import { listActiveNodes } from './node.store.js';
import { probeNode } from './node.service.js';
import { pullNodeEvents, pullNodeStats } from './node-sync.js';

type Ctx = Pick<AppContext, 'db' | 'keys' | 'audit'>;

/** Scheduler job: probe every active node (health, latency, version), then pull its signed log and data stats. */
export async function nodeHealthJob(ctx: Ctx): Promise<Record<string, number>> {
  if (!(await claimLease(ctx.db, 'node-health', 50))) return { skipped: 1 };
  const counts = { probed: 0, down: 0, events: 0, failed: 0 };
  for (const n of await listActiveNodes(ctx.db)) {
    counts.probed++;
    const health = await probeNode(ctx, n);
    if (!health.ok) { counts.down++; continue; }
    const node = await ctx.db.selectFrom('nodes').select(['id', 'url', 'public_key']).where('id', '=', n.id).executeTakeFirstOrThrow();
    try {
      counts.events += (await pullNodeEvents(ctx, node)).pulled;
      await pullNodeStats(ctx, node);
    } catch (err) {
      counts.failed++;
      await ctx.db.updateTable('node_sync').set({ last_error: (err as Error).message.slice(0, 300) }).where('node_id', '=', n.id).execute();
    }
  }
  return counts;
}
