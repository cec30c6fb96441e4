import type { Insertable, Updateable } from 'kysely';
import type { Visibility } from '../auth/policy.js';
import type { DbOrTx, Tx } from '../db/database.js';
import type { NoticeStatus, SupervisionNoticeTable } from '../db/schema.js';
import { regionPrefix } from '../orgs/region-code.js';

export type NewNotice = Insertable<SupervisionNoticeTable>;

function base(db: DbOrTx) {
  return db.selectFrom('supervision_notices as n').innerJoin('departments as d', 'd.id', 'n.department_id').innerJoin('regions as r', 'r.code', 'n.region_code')
    .selectAll('n').select(['d.name as department_name', 'r.name as region_name']);
}
export type NoticeRow = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

export async function findNotice(db: DbOrTx, id: string): Promise<NoticeRow | undefined> {
  return base(db).where('n.id', '=', id).executeTakeFirst();
}

/** Row lock for a transition (two office users confirming at once: the second sees the new status). */
export async function lockNotice(tx: Tx, id: string): Promise<void> {
  await tx.selectFrom('supervision_notices').select('id').where('id', '=', id).forUpdate().execute();
}

/** Inserts a notice; a detected one whose key exists already (proposed, confirmed or dismissed before) is skipped. */
export async function insertNotice(tx: Tx, n: NewNotice): Promise<boolean> {
  const r = await tx.insertInto('supervision_notices').values(n).onConflict((oc) => oc.column('detection_key').doNothing()).returning('id').execute();
  return r.length > 0;
}

export async function updateNotice(tx: Tx, id: string, patch: Updateable<SupervisionNoticeTable>): Promise<void> {
  await tx.updateTable('supervision_notices').set({ ...patch, updated_at: new Date() }).where('id', '=', id).execute();
}

export interface NoticeFilter { status?: NoticeStatus | undefined; departmentId?: string | undefined; ground?: number | undefined; region?: string | undefined }

export async function listNotices(db: DbOrTx, v: Visibility, f: NoticeFilter, page: number, size: number) {
  let q = base(db);
  if (v.kind === 'none') q = q.where((eb) => eb.lit(false));
  if (v.kind === 'department') q = q.where('n.department_id', '=', v.departmentId);
  if (v.kind === 'region') q = q.where('n.region_code', 'like', `${regionPrefix(v.regionCode)}%`);
  // A department sees a proposal only once the office has confirmed it.
  if (v.kind === 'department') q = q.where('n.status', 'not in', ['proposed', 'dismissed']);
  if (f.status) q = q.where('n.status', '=', f.status);
  if (f.departmentId) q = q.where('n.department_id', '=', f.departmentId);
  if (f.ground) q = q.where('n.ground', '=', f.ground);
  if (f.region) q = q.where('n.region_code', 'like', `${regionPrefix(f.region)}%`);
  const [items, count] = await Promise.all([
    q.orderBy('n.created_at', 'desc').orderBy('n.id').limit(size).offset((page - 1) * size).execute(),
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** Circulars are read by everyone in the region (and the regions above it see them through their offices). */
export async function listCirculars(db: DbOrTx, regionCode: string | null, page: number, size: number) {
  let q = base(db).where('n.circulated_at', 'is not', null);
  if (regionCode) q = q.where('n.region_code', 'like', `${regionPrefix(regionCode)}%`);
  const [items, count] = await Promise.all([
    q.orderBy('n.circulated_at', 'desc').limit(size).offset((page - 1) * size).execute(),
    q.clearSelect().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** Issued notices past their deadline, for the circular job. */
export async function overdueIssued(tx: Tx, today: string) {
  return base(tx).where('n.status', '=', 'issued').where('n.due_on', '<', today).orderBy('n.due_on').execute();
}

/** Workflow history of a notice (the same table as applications and objections, subject type `notice`). */
export async function addNoticeEvent(tx: Tx, id: string, e: { action: string; actor: { id: string | null; name: string; departmentId: string | null }; text?: string | null; detail?: Record<string, unknown> }) {
  await tx.insertInto('workflow_events').values({
    subject_type: 'notice', subject_id: id, action: e.action, actor_id: e.actor.id, actor_name: e.actor.name, department_id: e.actor.departmentId,
    text: e.text ?? null, detail: e.detail ? JSON.stringify(e.detail) : null,
  }).execute();
}

export async function noticeHistory(db: DbOrTx, id: string) {
  const rows = await db.selectFrom('workflow_events').select(['at', 'action', 'actor_name', 'department_id', 'text', 'detail'])
    .where('subject_type', '=', 'notice').where('subject_id', '=', id).orderBy('id').execute();
  return rows.map((r) => ({ at: new Date(r.at).toISOString(), action: r.action, actorName: r.actor_name, departmentId: r.department_id, text: r.text, detail: r.detail ?? null }));
}
