import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { Database } from '../db/schema.js';
import { regionPrefix } from '../orgs/region-code.js';
import type { Category } from './trace.rules.js';

export interface TraceFilter {
  resource?: string | undefined;
  /** The department whose data was touched (the provider). */
  department?: string | undefined;
  user?: string | undefined;
  /** Keyed hash of a record key. */
  keyHash?: string | undefined;
  category?: Category | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Scope: rows touching this department's data or done by its users (a security officer). */
  scopeDepartment?: string | undefined;
  /** Scope: rows whose provider or actor department lies in this region (an office). */
  scopeRegion?: string | undefined;
}

export interface TraceRow {
  id: number; source: string; sourceSeq: number; at: string; category: string; action: string; outcome: string;
  resource: string | null; providerDepartmentId: string | null; providerDepartmentName: string | null;
  departmentId: string | null; departmentName: string | null; userId: string | null; userName: string | null;
  grantId: string | null; ticket: string | null; rows: number | null; bytes: number | null; purpose: string | null; exportId: string | null;
  match: 'key' | 'bulk' | null;
}

type EB = ExpressionBuilder<Database & { t: Database['trace_events'] }, 't'>;

/**
 * The conditions of a trace. A record-key trace returns the events that presented the key (`match: key`) and the
 * bulk exports of the resources the key was presented for, or of `resource` (`match: bulk`): a bulk export may
 * have held the record, and the platform cannot see inside it (the node's export cursor is sealed).
 */
function where(f: TraceFilter) {
  return (eb: EB): Expression<SqlBool> => {
    const and: Array<Expression<SqlBool>> = [];
    if (f.resource) and.push(eb('t.resource_code', '=', f.resource));
    if (f.department) and.push(eb('t.provider_department_id', '=', f.department));
    if (f.user) and.push(eb.or([eb('t.actor_id', '=', f.user), eb('t.actor_name', '=', f.user)]));
    if (f.category) and.push(eb('t.category', '=', f.category));
    if (f.from) and.push(eb('t.at', '>=', f.from));
    if (f.to) and.push(eb('t.at', '<=', f.to));
    if (f.scopeDepartment) and.push(eb.or([eb('t.provider_department_id', '=', f.scopeDepartment), eb('t.actor_department_id', '=', f.scopeDepartment)]));
    if (f.scopeRegion) {
      const inRegion = eb.selectFrom('departments').select(sql<string>`departments.id`.as('id')).where('region_code', 'like', `${regionPrefix(f.scopeRegion)}%`);
      and.push(eb.or([eb('t.provider_department_id', 'in', inRegion), eb('t.actor_department_id', 'in', inRegion)]));
    }
    if (f.keyHash) {
      const keyed = eb.selectFrom('trace_keys').select('event_id').where('key_hash', '=', f.keyHash);
      const seenIn = eb.selectFrom('trace_keys as k').innerJoin('trace_events as e', 'e.id', 'k.event_id').select('e.resource_code').where('k.key_hash', '=', f.keyHash);
      const bulkOf = f.resource ? eb.or([eb('t.resource_code', 'in', seenIn), eb('t.resource_code', '=', f.resource)]) : eb('t.resource_code', 'in', seenIn);
      and.push(eb.or([eb('t.id', 'in', keyed), eb.and([eb('t.action', 'in', ['exchange.export', 'node.access.export']), bulkOf])]));
    }
    return eb.and(and);
  };
}

export async function findTrace(db: DbOrTx, f: TraceFilter, page: number, size: number): Promise<{ items: TraceRow[]; total: number }> {
  const base = db.selectFrom('trace_events as t').where(where(f));
  const [rows, count] = await Promise.all([
    base.leftJoin('departments as pd', 'pd.id', 't.provider_department_id').leftJoin('departments as ad', 'ad.id', 't.actor_department_id')
      .select([
        't.id', 't.source', 't.source_seq', 't.at', 't.category', 't.action', 't.outcome', 't.resource_code', 't.provider_department_id', 'pd.name as provider_name',
        't.actor_department_id', 'ad.name as actor_dept_name', 't.actor_id', 't.actor_name', 't.grant_id', 't.ticket', 't.row_count', 't.byte_count', 't.purpose', 't.export_id',
        f.keyHash ? sql<boolean>`t.id IN (SELECT event_id FROM trace_keys WHERE key_hash = ${f.keyHash})`.as('keyed') : sql<boolean>`false`.as('keyed'),
      ])
      .orderBy('t.at', 'desc').orderBy('t.id', 'desc').limit(size).offset((page - 1) * size).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    items: rows.map((r) => ({
      id: Number(r.id), source: r.source, sourceSeq: Number(r.source_seq), at: new Date(r.at).toISOString(), category: r.category, action: r.action, outcome: r.outcome,
      resource: r.resource_code, providerDepartmentId: r.provider_department_id, providerDepartmentName: r.provider_name ?? null,
      departmentId: r.actor_department_id, departmentName: r.actor_dept_name ?? null, userId: r.actor_id, userName: r.actor_name,
      grantId: r.grant_id, ticket: r.ticket, rows: r.row_count === null ? null : Number(r.row_count), bytes: r.byte_count === null ? null : Number(r.byte_count),
      purpose: r.purpose, exportId: r.export_id, match: f.keyHash ? (r.keyed ? 'key' : 'bulk') : null,
    })),
  };
}

/** The issued watermarks (candidates for a leaked file whose header is gone), newest first. */
export async function issuedMarks(db: DbOrTx, since?: Date): Promise<Array<{ exportId: string; at: string; resource: string | null; department: string | null; user: string | null; userName: string | null; grant: string | null; ticket: string | null; seq: number }>> {
  let q = db.selectFrom('trace_events').select(['export_id', 'at', 'resource_code', 'actor_department_id', 'actor_id', 'actor_name', 'grant_id', 'ticket', 'source_seq'])
    .where('action', '=', 'watermark.issue').where('export_id', 'is not', null);
  if (since) q = q.where('at', '>=', since);
  const rows = await q.orderBy('id', 'desc').execute();
  return rows.map((r) => ({
    exportId: r.export_id!, at: new Date(r.at).toISOString(), resource: r.resource_code, department: r.actor_department_id, user: r.actor_id, userName: r.actor_name,
    grant: r.grant_id, ticket: r.ticket, seq: Number(r.source_seq),
  }));
}
