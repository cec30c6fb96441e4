import { sql } from 'kysely';
import type { Visibility } from '../auth/policy.js';
import type { DbOrTx, Tx } from '../db/database.js';
import { publishedResource } from '../exchange/resource-lookup.js';
import { regionPrefix } from '../orgs/region-code.js';
import type { AlertDraft, AuditEv, NodeEv } from './rules.js';

// ---- the job's cursor and lease (settings rows, as the node-health job's lease) ----

export interface Cursor { seq: number; nodes: Record<string, number> }
const CURSOR_KEY = 'monitoring:cursor';

export async function readCursor(db: DbOrTx): Promise<Cursor> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', CURSOR_KEY).executeTakeFirst();
  const v = (row?.value ?? {}) as Partial<Cursor>;
  return { seq: v.seq ?? 0, nodes: v.nodes ?? {} };
}

export async function writeCursor(tx: Tx, c: Cursor): Promise<void> {
  await tx.insertInto('settings').values({ key: CURSOR_KEY, value: JSON.stringify(c) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(c), updated_at: new Date() })).execute();
}

// ---- what the rules read ----

function toEv(r: { seq: number; at: Date; actor_id: string | null; actor_name: string | null; department_id: string | null; action: string; object_id: string | null; outcome: AuditEv['outcome']; request_id: string | null; detail: unknown }): AuditEv {
  return { seq: Number(r.seq), at: new Date(r.at), actorId: r.actor_id, actorName: r.actor_name, departmentId: r.department_id, action: r.action, objectId: r.object_id, outcome: r.outcome, requestId: r.request_id, detail: (r.detail ?? null) as Record<string, unknown> | null };
}

const COLS = ['seq', 'at', 'actor_id', 'actor_name', 'department_id', 'action', 'object_id', 'outcome', 'request_id', 'detail'] as const;

export async function eventsAfter(db: DbOrTx, seq: number, limit: number): Promise<AuditEv[]> {
  const rows = await db.selectFrom('audit_events').select(COLS).where('seq', '>', seq).orderBy('seq').limit(limit).execute();
  return rows.map(toEv);
}

/** Refusals and failed sign-ins from `since` up to `uptoSeq`: the sliding-window rules look one window back. */
export async function windowEvents(db: DbOrTx, since: Date, uptoSeq: number): Promise<AuditEv[]> {
  const rows = await db.selectFrom('audit_events').select(COLS)
    .where('at', '>=', since).where('seq', '<=', uptoSeq)
    .where((eb) => eb.or([
      eb.and([eb('action', 'like', 'exchange.%'), eb('outcome', '=', 'denied')]),
      eb.and([eb('action', 'in', ['auth.login', 'auth.token']), eb('outcome', '=', 'failure')]),
    ]))
    .orderBy('seq').execute();
  return rows.map(toEv);
}

/** The bus's own event of the comparison that a compare signal came from (same request). */
export async function exchangeOfRequest(db: DbOrTx, requestId: string): Promise<AuditEv | undefined> {
  const r = await db.selectFrom('audit_events').select(COLS).where('request_id', '=', requestId).where('action', 'like', 'exchange.%').orderBy('seq').executeTakeFirst();
  return r ? toEv(r) : undefined;
}

export async function grantPurposes(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('grants').select(['id', 'purpose']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.purpose]));
}

/** Adds calls and rows to each grant's hour and returns the hours touched with the grant's usual hourly rate. */
export async function addGrantHours(tx: Tx, add: Map<string, { grantId: string; hour: string; calls: number; rows: number }>, baselineDays: number) {
  const out: Array<{ grantId: string; hour: string; calls: number; rows: number; baselineCalls: number; baselineRows: number }> = [];
  for (const a of add.values()) {
    const r = await sql<{ calls: number; rows: string }>`INSERT INTO monitor_grant_hours (grant_id, hour, calls, rows) VALUES (${a.grantId}, ${a.hour}, ${a.calls}, ${a.rows})
      ON CONFLICT (grant_id, hour) DO UPDATE SET calls = monitor_grant_hours.calls + excluded.calls, rows = monitor_grant_hours.rows + excluded.rows
      RETURNING calls, rows`.execute(tx);
    // The usual rate: the mean of the grant's active hours in the look-back (idle nights would otherwise drag it to zero).
    const since = new Date(new Date(a.hour).getTime() - baselineDays * 86_400_000);
    const b = await sql<{ calls: string | null; rows: string | null }>`SELECT avg(calls)::float8 AS calls, avg(rows)::float8 AS rows FROM monitor_grant_hours
      WHERE grant_id = ${a.grantId} AND hour >= ${since.toISOString()} AND hour < ${a.hour}`.execute(tx);
    out.push({ grantId: a.grantId, hour: a.hour, calls: Number(r.rows[0]!.calls), rows: Number(r.rows[0]!.rows), baselineCalls: Number(b.rows[0]?.calls ?? 0), baselineRows: Number(b.rows[0]?.rows ?? 0) });
  }
  return out;
}

export async function nodeEventsAfter(db: DbOrTx, nodeId: string, seq: number, limit: number): Promise<NodeEv[]> {
  const rows = await db.selectFrom('node_events').select(['node_id', 'seq', 'at', 'resource', 'method', 'outcome', 'jti', 'consumer', 'event'])
    .where('node_id', '=', nodeId).where('seq', '>', seq).orderBy('seq').limit(limit).execute();
  return rows.map((r) => ({
    nodeId: r.node_id, seq: Number(r.seq), at: new Date(r.at).toISOString(), resource: r.resource, method: r.method, outcome: r.outcome, jti: r.jti, consumer: r.consumer,
    items: Array.isArray((r.event as { items?: unknown }).items) ? ((r.event as { items: unknown[] }).items.filter((i) => typeof i === 'string') as string[]) : [],
  }));
}

export async function syncedNodes(db: DbOrTx): Promise<string[]> {
  return (await db.selectFrom('node_sync').select('node_id').execute()).map((r) => r.node_id);
}

/** The published catalog entry's items and provider of each resource code (a retired or unknown code is left out). */
export async function catalogItems(db: DbOrTx, codes: string[]): Promise<Map<string, { items: Set<string>; departmentId: string }>> {
  const out = new Map<string, { items: Set<string>; departmentId: string }>();
  for (const code of codes) {
    const r = await publishedResource(db, code);
    if (r) out.set(code, { departmentId: r.departmentId, items: new Set(r.body.items.map((i) => i.name)) });
  }
  return out;
}

export async function regionOf(db: DbOrTx, departmentId: string | null): Promise<string | null> {
  if (!departmentId) return null;
  return (await db.selectFrom('departments').select('region_code').where('id', '=', departmentId).executeTakeFirst())?.region_code ?? null;
}

// ---- alerts ----

/** Inserts the alert unless one with the same key exists; returns its id when it is new. */
export async function insertAlert(tx: Tx, id: string, d: AlertDraft, regionCode: string | null): Promise<boolean> {
  const r = await tx.insertInto('alerts').values({
    id, rule: d.rule, severity: d.severity, dedup_key: d.key, title: d.title.slice(0, 500), department_id: d.departmentId, provider_department_id: d.providerDepartmentId ?? null,
    region_code: regionCode, grant_id: d.grantId ?? null, user_id: d.userId ?? null, user_name: d.userName ?? null, evidence: JSON.stringify(d.evidence), auto_action: null,
  }).onConflict((oc) => oc.column('dedup_key').doNothing()).returning('id').execute();
  return r.length > 0;
}

export type AlertRow = Awaited<ReturnType<typeof findAlert>> & object;

export async function findAlert(db: DbOrTx, id: string) {
  return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface AlertFilter { status?: string | undefined; rule?: string | undefined; departmentId?: string | undefined; grantId?: string | undefined }

export async function listAlerts(db: DbOrTx, v: Visibility, f: AlertFilter, page: number, size: number) {
  let q = db.selectFrom('alerts');
  if (v.kind === 'none') return { items: [], total: 0 };
  if (v.kind === 'department') q = q.where((eb) => eb.or([eb('department_id', '=', v.departmentId), eb('provider_department_id', '=', v.departmentId)]));
  if (v.kind === 'region') q = q.where('region_code', 'like', `${regionPrefix(v.regionCode)}%`);
  if (f.status) q = q.where('status', '=', f.status as 'open');
  if (f.rule) q = q.where('rule', '=', f.rule);
  if (f.departmentId) q = q.where((eb) => eb.or([eb('department_id', '=', f.departmentId!), eb('provider_department_id', '=', f.departmentId!)]));
  if (f.grantId) q = q.where('grant_id', '=', f.grantId);
  const total = Number((await q.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst())?.n ?? 0);
  const items = await q.selectAll().orderBy('raised_at', 'desc').orderBy('id').limit(size).offset((page - 1) * size).execute();
  return { items, total };
}

export async function setAlertAction(db: DbOrTx, id: string, action: string): Promise<void> {
  await db.updateTable('alerts').set({ auto_action: action }).where('id', '=', id).execute();
}

/** The audit events an alert names as evidence (shown with the alert; the officer need not hold audit.read). */
export async function evidenceEvents(db: DbOrTx, seqs: number[]) {
  if (seqs.length === 0) return [];
  return db.selectFrom('audit_events').select(['seq', 'at', 'action', 'actor_name', 'outcome', 'object_id']).where('seq', 'in', seqs).orderBy('seq').execute();
}
