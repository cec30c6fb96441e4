import { sql } from 'kysely';
import { advisoryLock, type DbOrTx, type Tx } from '../db/database.js';
import type { StoredEvent } from './chain.js';
import { regionPrefix } from '../orgs/region-code.js';

/** One appender at a time across platform instances. */
export async function lockChain(tx: Tx): Promise<void> {
  await advisoryLock(tx, 'audit-chain');
}

export async function chainHead(tx: DbOrTx): Promise<{ seq: number; hash: string } | undefined> {
  return tx.selectFrom('audit_events').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
}

/** Takes the oldest waiting events written inside business transactions (see audit.service.ts). */
export async function takePending(tx: DbOrTx, limit: number): Promise<Array<{ id: number; event: Record<string, unknown> }>> {
  const rows = await sql<{ id: number; event: Record<string, unknown> }>`
    DELETE FROM audit_pending WHERE id IN (
      SELECT id FROM audit_pending ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ) RETURNING id, event`.execute(tx);
  return rows.rows.sort((a, b) => a.id - b.id);
}

export async function insertEvents(tx: DbOrTx, events: StoredEvent[]): Promise<void> {
  // 13 parameters a row; 2,000 rows stay well under PostgreSQL's 65,535 bind parameters.
  for (let i = 0; i < events.length; i += 2000) {
    await tx.insertInto('audit_events').values(events.slice(i, i + 2000).map((e) => ({
      seq: e.seq, at: e.at, actor_id: e.actorId, actor_name: e.actorName, department_id: e.departmentId,
      action: e.action, object_type: e.objectType, object_id: e.objectId, outcome: e.outcome,
      request_id: e.requestId, detail: e.detail === null ? null : JSON.stringify(e.detail),
      prev_hash: e.prevHash, hash: e.hash,
    }))).execute();
  }
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
export async function eventsAfter(db: DbOrTx, afterSeq: number, limit: number): Promise<StoredEvent[]> {
  const rows = await db.selectFrom('audit_events').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  return rows.map((r) => toStoredEvent(r as unknown as EventRow));
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
