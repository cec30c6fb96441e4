import { sql } from 'kysely';
import { advisoryLock, type DbOrTx, type Tx } from '../db/database.js';
import type { StoredEvent } from './chain.js';
import { regionPrefix } from '../orgs/region-code.js';

/** One appender at a time across platform instances. */
export async function lockChain(tx: Tx): Promise<void> {
  await advisoryLock(tx, 'audit-chain');
}

export async function chainHead(tx: DbOrTx): Promise<{ seq: number; hash: string; at: string } | undefined> {
  const r = await tx.selectFrom('audit_events').select(['seq', 'hash', 'at']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r && { seq: r.seq, hash: r.hash, at: r.at.toISOString() };
}

/** Takes the oldest waiting events written inside business transactions (see audit.service.ts). */
export async function takePending(tx: DbOrTx, limit: number): Promise<Array<{ id: number; event: Record<string, unknown> }>> {
  const rows = await sql<{ id: number; event: Record<string, unknown> }>`
    DELETE FROM audit_pending WHERE id IN (
      SELECT id FROM audit_pending ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ) RETURNING id, event`.execute(tx);
  return rows.rows.sort((a, b) => a.id - b.id);
}

/**
 * One statement per batch: the rows as one JSON text, expanded by the server (json_populate_recordset). A multi-row
 * VALUES list needs 13 bind parameters a row, and arrays cost the driver a regex escape per element; one
 * JSON.stringify is the cheapest for the appender's process (PERF-NOTES: the database write bounds the log).
 */
export async function insertEvents(tx: DbOrTx, events: StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = events.map((e) => ({
    seq: e.seq, at: e.at, actor_id: e.actorId, actor_name: e.actorName, department_id: e.departmentId, action: e.action,
    object_type: e.objectType, object_id: e.objectId, outcome: e.outcome, request_id: e.requestId, detail: e.detail,
    prev_hash: e.prevHash, hash: e.hash,
  }));
  await sql`INSERT INTO audit_events (seq, at, actor_id, actor_name, department_id, action, object_type, object_id, outcome,
      request_id, detail, prev_hash, hash)
    SELECT seq, at, actor_id, actor_name, department_id, action, object_type, object_id, outcome, request_id, detail, prev_hash, hash
    FROM json_populate_recordset(NULL::audit_events, ${JSON.stringify(rows)}::json)`.execute(tx);
}

type EventRow = {
  seq: number; at: Date; actor_id: string | null; actor_name: string | null; department_id: string | null;
  action: string; object_type: string | null; object_id: string | null; outcome: 'success' | 'failure' | 'denied';
  request_id: string | null; detail: Record<string, unknown> | null; prev_hash: string; hash: string;
};

export function toStoredEvent(r: EventRow): StoredEvent {
  return {
    seq: r.seq, at: r.at.toISOString(), actorId: r.actor_id, actorName: r.actor_name, departmentId: r.department_id,
    action: r.action, objectType: r.object_type, objectId: r.object_id, outcome: r.outcome, requestId: r.request_id,
    detail: r.detail, prevHash: r.prev_hash, hash: r.hash,
  };
}

/** Events after `afterSeq`, in order, one page at a time (keyset paging: flat memory over millions of rows). */
export async function eventsAfter(db: DbOrTx, afterSeq: number, limit: number, maxSeq?: number): Promise<StoredEvent[]> {
  let q = db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq);
  if (maxSeq !== undefined) q = q.where('seq', '<=', maxSeq);
  const rows = await q.orderBy('seq').limit(limit).execute();
  return rows.map((r) => toStoredEvent(r as unknown as EventRow));
}

type PageRow = [number, string, string | null, string | null, string | null, string, string | null, string | null, StoredEvent['outcome'], string | null, Record<string, unknown> | null, string, string];

/**
 * The events with seq in (afterSeq, min(afterSeq + width, maxSeq)], built by the server as one JSON text: one
 * JSON.parse per page instead of a row parser and a date parser per field (verification and archives read millions of
 * rows; PERF-NOTES). A window of seq, not "the next N rows": both bounds keep the plan an index range scan even
 * before the planner has statistics of a freshly filled partition (an open upper bound made it scan the rest of the
 * table for every page). Callers step `afterSeq` by `width`; a window may hold fewer rows than its width (a gap).
 */
export async function eventWindow(db: DbOrTx, afterSeq: number, width: number, maxSeq = Number.MAX_SAFE_INTEGER): Promise<StoredEvent[]> {
  const upper = Math.min(afterSeq + width, maxSeq);
  const r = await sql<{ j: string | null }>`
    SELECT json_agg(json_build_array(seq, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), actor_id, actor_name,
      department_id, action, object_type, object_id, outcome, request_id, detail, prev_hash, hash) ORDER BY seq)::text AS j
    FROM audit_events WHERE seq > ${afterSeq} AND seq <= ${upper}`.execute(db);
  const text = r.rows[0]?.j;
  if (!text) return [];
  return (JSON.parse(text) as PageRow[]).map(([seq, at, actorId, actorName, departmentId, action, objectType, objectId, outcome, requestId, detail, prevHash, hash]) => ({
    seq, at, actorId, actorName, departmentId, action, objectType, objectId, outcome, requestId, detail, prevHash, hash,
  }));
}

/** The highest seq stored (0 for an empty log). */
export async function headSeq(db: DbOrTx): Promise<number> {
  const r = await db.selectFrom('audit_events').select('seq').orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r?.seq ?? 0;
}

/** seq, time and hash of the events after `afterSeq` (the open interval the appender resumes). */
export async function eventHashesAfter(db: DbOrTx, afterSeq: number, limit: number): Promise<Array<{ seq: number; at: string; hash: string }>> {
  const rows = await db.selectFrom('audit_events').select(['seq', 'at', 'hash']).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  return rows.map((r) => ({ seq: r.seq, at: r.at.toISOString(), hash: r.hash }));
}

export async function eventHashesBetween(db: DbOrTx, firstSeq: number, lastSeq: number): Promise<string[]> {
  const rows = await db.selectFrom('audit_events').select(['seq', 'hash']).where('seq', '>=', firstSeq).where('seq', '<=', lastSeq).orderBy('seq').execute();
  return rows.map((r) => r.hash);
}

export async function eventAt(db: DbOrTx, seq: number): Promise<StoredEvent | undefined> {
  const r = await db.selectFrom('audit_events').selectAll().where('seq', '=', seq).executeTakeFirst();
  return r && toStoredEvent(r as unknown as EventRow);
}

/** The first event still in the database (older months may be archived). */
export async function firstEventSeq(db: DbOrTx): Promise<number | undefined> {
  const r = await db.selectFrom('audit_events').select('seq').orderBy('seq').limit(1).executeTakeFirst();
  return r?.seq;
}

export interface EventFilter {
  action?: string | undefined;
  actorId?: string | undefined;
  departmentId?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  /** Events of departments within this region (the office's scope). */
  regionCode?: string | undefined;
}

export async function listEvents(db: DbOrTx, f: EventFilter, page: number, size: number): Promise<{ items: StoredEvent[]; total: number }> {
  let q = db.selectFrom('audit_events');
  if (f.action) q = q.where('action', '=', f.action);
  if (f.actorId) q = q.where('actor_id', '=', f.actorId);
  if (f.departmentId) q = q.where('department_id', '=', f.departmentId);
  if (f.objectType) q = q.where('object_type', '=', f.objectType);
  if (f.objectId) q = q.where('object_id', '=', f.objectId);
  if (f.regionCode) {
    const prefix = `${regionPrefix(f.regionCode)}%`;
    q = q.where('department_id', 'in', (eb) => eb.selectFrom('departments').select('id').where('region_code', 'like', prefix));
  }
  const [rows, count] = await Promise.all([
    q.selectAll().orderBy('seq', 'desc').limit(size).offset((page - 1) * size).execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => toStoredEvent(r as unknown as EventRow)), total: Number(count.n) };
}
