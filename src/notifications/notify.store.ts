import type { Insertable } from 'kysely';
import type { DbOrTx, Tx } from '../db/database.js';
import type { NotificationDeliveryTable, NotificationTable } from '../db/schema.js';

export async function insertNotification(tx: Tx, n: Insertable<NotificationTable>): Promise<void> {
  await tx.insertInto('notifications').values(n).execute();
}

export async function insertDeliveries(tx: Tx, rows: Array<Insertable<NotificationDeliveryTable>>): Promise<void> {
  if (rows.length > 0) await tx.insertInto('notification_deliveries').values(rows).execute();
}

export async function userDepartment(db: DbOrTx, userId: string): Promise<string | null> {
  const u = await db.selectFrom('users').select('department_id').where('id', '=', userId).executeTakeFirst();
  return u?.department_id ?? null;
}

export async function settingsFor(db: DbOrTx, departmentId: string) {
  return db.selectFrom('department_notify_settings').selectAll().where('department_id', '=', departmentId).executeTakeFirst();
}

export async function upsertSettings(tx: Tx, s: { departmentId: string; email: string | null; webhookUrl: string | null; webhookSecret: string | null; updatedBy: string | null }): Promise<void> {
  const row = { email: s.email, webhook_url: s.webhookUrl, webhook_secret: s.webhookSecret, updated_by: s.updatedBy, updated_at: new Date() };
  await tx.insertInto('department_notify_settings').values({ department_id: s.departmentId, ...row })
    .onConflict((oc) => oc.column('department_id').doUpdateSet(row)).execute();
}

// ---- deliveries (outbox) ----

/** Claims due deliveries for one sender: a lease (locked_until) so a crashed sender's rows come back later. */
export async function claimDue(tx: Tx, now: Date, leaseMs: number, limit: number) {
  const due = await tx.selectFrom('notification_deliveries').select('id')
    .where('status', '=', 'pending').where('next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
    .orderBy('next_attempt_at').limit(limit).forUpdate().skipLocked().execute();
  if (due.length === 0) return [];
  const ids = due.map((d) => d.id);
  await tx.updateTable('notification_deliveries').set((eb) => ({ locked_until: new Date(now.getTime() + leaseMs), attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', ids).execute();
  return tx.selectFrom('notification_deliveries').innerJoin('notifications', 'notifications.id', 'notification_deliveries.notification_id')
    .select(['notification_deliveries.id', 'notification_deliveries.channel', 'notification_deliveries.target', 'notification_deliveries.address', 'notification_deliveries.attempts',
      'notifications.id as notification_id', 'notifications.kind', 'notifications.title', 'notifications.body', 'notifications.subject_type', 'notifications.subject_id',
      'notifications.user_id', 'notifications.department_id', 'notifications.region_code', 'notifications.role', 'notifications.created_at'])
    .where('notification_deliveries.id', 'in', ids).execute();
}

export type ClaimedDelivery = Awaited<ReturnType<typeof claimDue>>[number];

export async function markSent(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.updateTable('notification_deliveries').set({ status: 'sent', sent_at: at, locked_until: null, last_error: null }).where('id', '=', id).execute();
}

export async function markFailedAttempt(db: DbOrTx, id: string, error: string, next: Date | null): Promise<void> {
  await db.updateTable('notification_deliveries')
    .set(next ? { last_error: error, next_attempt_at: next, locked_until: null } : { status: 'failed', last_error: error, locked_until: null })
    .where('id', '=', id).execute();
}

export async function listDeliveries(db: DbOrTx, notificationIds: readonly string[]) {
  if (notificationIds.length === 0) return [];
  return db.selectFrom('notification_deliveries').selectAll().where('notification_id', 'in', [...notificationIds]).execute();
}
