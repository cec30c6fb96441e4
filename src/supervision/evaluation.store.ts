import { sql, type RawBuilder } from 'kysely';
import { addDays } from '../calendar/dates.js';
import type { DbOrTx } from '../db/database.js';
import { regionPrefix } from '../orgs/region-code.js';

/**
 * The evaluation's SQL (docs/evaluation.md). Every figure is computed from the stored rows themselves — catalog
 * versions, org-change deadlines, applications, objections, node probes, alerts — each row classified here and
 * returned with its id, so the screen can show the rows behind every number. Nothing is read from counters.
 */
export interface Scope { regionCode?: string | undefined; departmentId?: string | undefined }
export interface Range { from: string; to: string; asOf: string }

/** A Shanghai civil date of a timestamptz (UTC+8 all year, no daylight saving). */
const shDate = (col: RawBuilder<unknown>) => sql<string>`((${col} AT TIME ZONE 'UTC') + interval '8 hours')::date`;
const startOf = (date: string) => `${date}T00:00:00+08:00`;
const endOf = (date: string) => `${addDays(date, 1)}T00:00:00+08:00`;

function inScope(s: Scope): RawBuilder<unknown> {
  const parts: Array<RawBuilder<unknown>> = [sql`TRUE`];
  if (s.regionCode) parts.push(sql`d.region_code LIKE ${`${regionPrefix(s.regionCode)}%`}`);
  if (s.departmentId) parts.push(sql`d.id = ${s.departmentId}`);
  return sql.join(parts, sql` AND `);
}

export async function departmentsIn(db: DbOrTx, s: Scope) {
  const r = await sql<{ id: string; name: string; region_code: string; region_name: string; region_level: string }>`
    SELECT d.id, d.name, d.region_code, r.name AS region_name, r.level AS region_level
      FROM departments d JOIN regions r ON r.code = d.region_code
     WHERE ${inScope(s)} ORDER BY d.region_code, d.code`.execute(db);
  return r.rows;
}

export async function regionsIn(db: DbOrTx, s: Scope) {
  let q = db.selectFrom('regions').select(['code', 'name', 'level', 'parent_code']);
  if (s.regionCode) q = q.where('code', 'like', `${regionPrefix(s.regionCode)}%`);
  return q.orderBy('code').execute();
}

/** The published catalog at the end of the range: one row per resource, with what completeness and freshness judge. */
export async function publishedResources(db: DbOrTx, s: Scope, r: Range) {
  const res = await sql<{
    department_id: string; resource_id: string; code: string; share_type: string; update_cycle: string | null;
    has_items: boolean; has_node: boolean; has_cycle: boolean; last_change: string | null;
  }>`
    SELECT v.department_id, v.resource_id, v.code, v.share_type, v.update_cycle,
           COALESCE(jsonb_array_length(v.body->'items'), 0) > 0 AS has_items,
           (v.share_type = 'none' OR COALESCE(v.body->>'nodeId', '') <> '') AS has_node,
           COALESCE(v.update_cycle, '') <> '' AS has_cycle,
           ${shDate(sql`st.last_change`)} AS last_change
      FROM catalog_versions v
      JOIN departments d ON d.id = v.department_id
      LEFT JOIN (SELECT resource_code, max(last_change) AS last_change FROM resource_stats GROUP BY resource_code) st ON st.resource_code = v.code
     WHERE v.status = 'published' AND v.published_at < ${endOf(r.to)} AND ${inScope(s)}
     ORDER BY v.code`.execute(db);
  return res.rows;
}

/** Art. 10 deadlines falling due in the range and judged by the end of it (closed, or open past their date). */
export async function catalogDeadlines(db: DbOrTx, s: Scope, r: Range) {
  const res = await sql<{ id: string; department_id: string; due_on: string; met: boolean }>`
    SELECT c.id, c.department_id, c.due_on,
           (c.closed_at IS NOT NULL AND ${shDate(sql`c.closed_at`)} <= c.due_on) AS met
      FROM catalog_org_changes c JOIN departments d ON d.id = c.department_id
     WHERE c.due_on BETWEEN ${r.from} AND ${r.to} AND (c.closed_at IS NOT NULL OR c.due_on < ${r.asOf}) AND ${inScope(s)}
     ORDER BY c.due_on, c.id`.execute(db);
  return res.rows;
}

/** Art. 23: applications to the department filed in the range, judged once decided or past their 10-workday date. */
export async function providerApplications(db: DbOrTx, s: Scope, r: Range) {
  const res = await sql<{ id: string; department_id: string; filed_on: string; decided_on: string | null; on_time: boolean; unreasoned: boolean }>`
    SELECT a.id, a.provider_department_id AS department_id, a.filed_on, ${shDate(sql`a.decided_at`)} AS decided_on,
           (a.decided_at IS NOT NULL AND ${shDate(sql`a.decided_at`)} <= a.accept_by) AS on_time,
           (a.status = 'refused' AND COALESCE(btrim(a.decision_reason), '') = '') AS unreasoned
      FROM applications a JOIN departments d ON d.id = a.provider_department_id
     WHERE a.filed_on BETWEEN ${r.from} AND ${r.to}
       AND (a.decided_at IS NOT NULL OR (a.status = 'pending' AND a.accept_by < ${r.asOf})) AND ${inScope(s)}
     ORDER BY a.filed_on, a.id`.execute(db);
  return res.rows;
}

/** Art. 24: objections to the department's data filed in the range, judged once answered or past their date. */
export async function providerObjections(db: DbOrTx, s: Scope, r: Range) {
  const res = await sql<{ id: string; department_id: string; on_time: boolean }>`
    SELECT o.id, o.provider_department_id AS department_id,
           (o.replied_at IS NOT NULL AND ${shDate(sql`o.replied_at`)} <= o.reply_by) AS on_time
      FROM objections o JOIN departments d ON d.id = o.provider_department_id
     WHERE o.filed_on BETWEEN ${r.from} AND ${r.to}
       AND (o.replied_at IS NOT NULL OR (o.status = 'open' AND o.reply_by < ${r.asOf})) AND ${inScope(s)}
     ORDER BY o.filed_on, o.id`.execute(db);
  return res.rows;
}

/** Data confirmed wrong: objections the provider accepted (with its correction record) in the range. */
export async function corrections(db: DbOrTx, s: Scope, r: Range) {
  const res = await sql<{ id: string; department_id: string; resource_code: string }>`
    SELECT o.id, o.provider_department_id AS department_id, o.resource_code
      FROM objections o JOIN departments d ON d.id = o.provider_department_id
     WHERE o.status = 'accepted' AND o.replied_at >= ${startOf(r.from)} AND o.replied_at < ${endOf(r.to)} AND ${inScope(s)}
     ORDER BY o.replied_at, o.id`.execute(db);
  return res.rows;
}

/** Node health probes in the range (node_probes, written on every probe by the trigger of migration 0014). */
export async function nodeProbes(db: DbOrTx, s: Scope, r: Range) {
  const res = await sql<{ department_id: string; node_id: string; total: number; ok: number; failed: string[] }>`
    SELECT n.department_id, n.id AS node_id, count(*)::int AS total, (count(*) FILTER (WHERE p.ok))::int AS ok,
           COALESCE(array_agg(p.id::text ORDER BY p.id) FILTER (WHERE NOT p.ok), '{}') AS failed
      FROM node_probes p JOIN nodes n ON n.id = p.node_id JOIN departments d ON d.id = n.department_id
     WHERE p.at >= ${startOf(r.from)} AND p.at < ${endOf(r.to)} AND ${inScope(s)}
     GROUP BY n.department_id, n.id ORDER BY n.id`.execute(db);
  return res.rows;
}

/**
 * Misuse alerts against a department as consumer (Art. 32, 39(4)(5)). The seam: src/monitoring's `alerts` table
 * when it exists; otherwise the bus's own alert events in the audit log (action `alert.*`, src/exchange/compare-guard.ts).
 */
export async function misuseAlerts(db: DbOrTx, s: Scope, r: Range): Promise<Array<{ id: string; department_id: string; source: 'alert' | 'audit_event' }>> {
  const has = await sql<{ ok: boolean }>`SELECT to_regclass('alerts') IS NOT NULL AS ok`.execute(db);
  if (has.rows[0]?.ok) {
    const res = await sql<{ id: string; department_id: string }>`
      SELECT a.id::text AS id, d.id AS department_id
        FROM alerts a JOIN departments d ON d.id = a.department_id::text
       WHERE a.raised_at >= ${startOf(r.from)} AND a.raised_at < ${endOf(r.to)} AND ${inScope(s)}
       ORDER BY a.raised_at`.execute(db);
    return res.rows.map((x) => ({ ...x, source: 'alert' as const }));
  }
  const res = await sql<{ id: string; department_id: string }>`
    SELECT e.seq::text AS id, d.id AS department_id
      FROM audit_events e JOIN departments d ON d.id = e.department_id
     WHERE e.action LIKE 'alert.%' AND e.at >= ${startOf(r.from)} AND e.at < ${endOf(r.to)} AND ${inScope(s)}
     ORDER BY e.seq`.execute(db);
  return res.rows.map((x) => ({ ...x, source: 'audit_event' as const }));
}
