import type { ExpressionBuilder } from 'kysely';
import type { Actor } from '../auth/actor.js';
import type { DbOrTx } from '../db/database.js';
import type { Database } from '../db/schema.js';

/** The notices an actor sees: its own, its roles' in its department, its office region's, and platform-wide roles'. */
function visibleTo(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'notifications'>) => {
    const own = actor.id ? [eb('notifications.user_id', '=', actor.id)] : [];
    if (actor.roles.length === 0) return own.length ? eb.or(own) : eb.lit(false);
    const byRole = eb.and([
      eb('notifications.user_id', 'is', null),
      eb('notifications.role', 'in', [...actor.roles]),
      actor.departmentId ? eb.or([eb('notifications.department_id', 'is', null), eb('notifications.department_id', '=', actor.departmentId)]) : eb('notifications.department_id', 'is', null),
      actor.regionCode ? eb.or([eb('notifications.region_code', 'is', null), eb('notifications.region_code', '=', actor.regionCode)]) : eb('notifications.region_code', 'is', null),
    ]);
    return eb.or([...own, byRole]);
  };
}

function base(db: DbOrTx, actor: Actor, readerId: string) {
  return db.selectFrom('notifications')
    .leftJoin('notification_reads', (j) => j.onRef('notification_reads.notification_id', '=', 'notifications.id').on('notification_reads.user_id', '=', readerId))
    .where(visibleTo(actor));
}

export async function listInbox(db: DbOrTx, actor: Actor, readerId: string, f: { unread?: boolean | undefined }, page: number, size: number) {
  let q = base(db, actor, readerId);
  if (f.unread) q = q.where('notification_reads.read_at', 'is', null);
  const [items, count] = await Promise.all([
    q.select(['notifications.id', 'notifications.kind', 'notifications.title', 'notifications.body', 'notifications.subject_type', 'notifications.subject_id', 'notifications.created_at', 'notification_reads.read_at'])
      .orderBy('notifications.created_at', 'desc').orderBy('notifications.id').limit(size).offset((page - 1) * size).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export async function unreadCount(db: DbOrTx, actor: Actor, readerId: string): Promise<number> {
  const r = await base(db, actor, readerId).where('notification_reads.read_at', 'is', null).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function isVisible(db: DbOrTx, actor: Actor, id: string): Promise<boolean> {
  return !!(await db.selectFrom('notifications').select('id').where('id', '=', id).where(visibleTo(actor)).executeTakeFirst());
}

export async function markRead(db: DbOrTx, ids: readonly string[], readerId: string): Promise<void> {
  if (ids.length === 0) return;
  await db.insertInto('notification_reads').values(ids.map((id) => ({ notification_id: id, user_id: readerId })))
    .onConflict((oc) => oc.columns(['notification_id', 'user_id']).doNothing()).execute();
}

export async function unreadIds(db: DbOrTx, actor: Actor, readerId: string): Promise<string[]> {
  const rows = await base(db, actor, readerId).where('notification_reads.read_at', 'is', null).select('notifications.id').limit(10_000).execute();
  return rows.map((r) => r.id);
}
