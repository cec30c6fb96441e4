import type { Visibility } from '../auth/policy.js';
import type { DbOrTx, Tx } from '../db/database.js';
import { regionPrefix } from '../orgs/region-code.js';
import type { IncidentStatus, Severity } from './incident.rules.js';

export interface NewIncident {
  id: string; departmentId: string; regionCode: string; title: string; description: string; severity: Severity;
  occurredAt: Date | null; discoveredAt: Date; dataInvolved: Record<string, unknown>; measures: string; reportedBy: string | null; reportedByName: string;
}

export async function insertIncident(tx: Tx, i: NewIncident): Promise<void> {
  await tx.insertInto('incidents').values({
    id: i.id, department_id: i.departmentId, region_code: i.regionCode, title: i.title, description: i.description, severity: i.severity,
    occurred_at: i.occurredAt, discovered_at: i.discoveredAt, data_involved: JSON.stringify(i.dataInvolved), measures: i.measures,
    reported_by: i.reportedBy, reported_by_name: i.reportedByName,
  }).execute();
}

export async function findIncident(db: DbOrTx, id: string) {
  return db.selectFrom('incidents').innerJoin('departments', 'departments.id', 'incidents.department_id')
    .selectAll('incidents').select('departments.name as department_name').where('incidents.id', '=', id).executeTakeFirst();
}
export type IncidentRow = NonNullable<Awaited<ReturnType<typeof findIncident>>>;

export async function listIncidents(db: DbOrTx, v: Visibility, f: { status?: IncidentStatus | undefined; departmentId?: string | undefined }, page: number, size: number) {
  if (v.kind === 'none') return { items: [], total: 0 };
  let q = db.selectFrom('incidents').innerJoin('departments', 'departments.id', 'incidents.department_id');
  if (v.kind === 'department') q = q.where('incidents.department_id', '=', v.departmentId);
  if (v.kind === 'region') q = q.where('incidents.region_code', 'like', `${regionPrefix(v.regionCode)}%`);
  if (f.status) q = q.where('incidents.status', '=', f.status);
  if (f.departmentId) q = q.where('incidents.department_id', '=', f.departmentId);
  const total = Number((await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst())?.n ?? 0);
  const items = await q.selectAll('incidents').select('departments.name as department_name').orderBy('incidents.created_at', 'desc').orderBy('incidents.id')
    .limit(size).offset((page - 1) * size).execute();
  return { items, total };
}

export async function setStatus(tx: Tx, id: string, from: IncidentStatus, to: IncidentStatus): Promise<boolean> {
  const r = await tx.updateTable('incidents').set({ status: to, updated_at: new Date() }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function addNote(db: DbOrTx, n: { id: string; incidentId: string; kind: 'note' | 'status' | 'delivery'; text: string; statusTo?: string | null; actorId: string | null; actorName: string }): Promise<void> {
  await db.insertInto('incident_notes').values({ id: n.id, incident_id: n.incidentId, kind: n.kind, text: n.text, status_to: n.statusTo ?? null, actor_id: n.actorId, actor_name: n.actorName }).execute();
}

export async function notesOf(db: DbOrTx, incidentId: string) {
  return db.selectFrom('incident_notes').selectAll().where('incident_id', '=', incidentId).orderBy('at').orderBy('id').execute();
}

export async function deliveriesOf(db: DbOrTx, incidentId: string) {
  return db.selectFrom('incident_deliveries').select(['id', 'channel', 'address', 'status', 'attempts', 'next_attempt_at', 'last_error', 'sent_at'])
    .where('incident_id', '=', incidentId).orderBy('channel').execute();
}

export async function insertDeliveries(tx: Tx, rows: Array<{ id: string; incidentId: string; channel: 'webhook' | 'email'; address: string }>): Promise<void> {
  if (rows.length === 0) return;
  await tx.insertInto('incident_deliveries').values(rows.map((r) => ({ id: r.id, incident_id: r.incidentId, channel: r.channel, address: r.address }))).execute();
}

/** Claims due deliveries: pushes their next attempt past the lease so a second sender does not take them meanwhile. */
export async function claimDue(tx: Tx, now: Date, leaseMs: number, limit: number) {
  const due = await tx.selectFrom('incident_deliveries').select(['id', 'incident_id', 'channel', 'address', 'attempts'])
    .where('status', '=', 'pending').where('next_attempt_at', '<=', now).orderBy('next_attempt_at').limit(limit).forUpdate().skipLocked().execute();
  if (due.length === 0) return [];
  await tx.updateTable('incident_deliveries').set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: new Date(now.getTime() + leaseMs) }))
    .where('id', 'in', due.map((d) => d.id)).execute();
  return due.map((d) => ({ ...d, attempts: d.attempts + 1 }));
}

export async function markDelivery(db: DbOrTx, id: string, r: { status: 'pending' | 'sent' | 'failed'; error?: string | null; next?: Date | null; sentAt?: Date | null }): Promise<void> {
  await db.updateTable('incident_deliveries').set({
    status: r.status, last_error: r.error ?? null, ...(r.next ? { next_attempt_at: r.next } : {}), ...(r.sentAt ? { sent_at: r.sentAt } : {}),
  }).where('id', '=', id).execute();
}
