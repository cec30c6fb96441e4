import { sql, type RawBuilder } from 'kysely';
import { addDays } from '../calendar/dates.js';
import type { DbOrTx } from '../db/database.js';
import { regionPrefix } from '../orgs/region-code.js';
import type { Scope } from './evaluation.store.js';

/** The dashboards' queries: each chart is one grouped query over the stored rows, scoped like the evaluation. */
function inScope(s: Scope): RawBuilder<unknown> {
  const parts: Array<RawBuilder<unknown>> = [sql`TRUE`];
  if (s.regionCode) parts.push(sql`d.region_code LIKE ${`${regionPrefix(s.regionCode)}%`}`);
  if (s.departmentId) parts.push(sql`d.id = ${s.departmentId}`);
  return sql.join(parts, sql` AND `);
}
const month = (col: RawBuilder<unknown>) => sql<string>`to_char((${col} AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM')`;

export async function shareTypeMix(db: DbOrTx, s: Scope) {
  const r = await sql<{ share_type: string; n: number }>`
    SELECT v.share_type, count(*)::int AS n FROM catalog_versions v JOIN departments d ON d.id = v.department_id
     WHERE v.status = 'published' AND ${inScope(s)} GROUP BY v.share_type ORDER BY v.share_type`.execute(db);
  return r.rows;
}

/** Successful bus calls per month, from the audit log (the record of every exchange, Art. 33), by consumer department. */
export async function exchangesByMonth(db: DbOrTx, s: Scope, from: string, to: string) {
  const r = await sql<{ month: string; n: number }>`
    SELECT ${month(sql`e.at`)} AS month, count(*)::int AS n FROM audit_events e JOIN departments d ON d.id = e.department_id
     WHERE e.action LIKE 'exchange.%' AND e.outcome = 'success' AND e.at >= ${`${from}T00:00:00+08:00`} AND e.at < ${`${addDays(to, 1)}T00:00:00+08:00`} AND ${inScope(s)}
     GROUP BY 1 ORDER BY 1`.execute(db);
  return r.rows;
}

/** Applications filed per month to providers in scope, and how many of them were refused. */
export async function applicationsByMonth(db: DbOrTx, s: Scope, from: string, to: string) {
  const r = await sql<{ month: string; filed: number; refused: number }>`
    SELECT to_char(a.filed_on, 'YYYY-MM') AS month, count(*)::int AS filed, (count(*) FILTER (WHERE a.status = 'refused'))::int AS refused
      FROM applications a JOIN departments d ON d.id = a.provider_department_id
     WHERE a.filed_on BETWEEN ${from} AND ${to} AND ${inScope(s)} GROUP BY 1 ORDER BY 1`.execute(db);
  return r.rows;
}

/** What is overdue today, by kind (the office's backlog). */
export async function backlog(db: DbOrTx, s: Scope, today: string) {
  const r = await sql<{ kind: string; n: number }>`
    SELECT 'catalogUpdates' AS kind, count(*)::int AS n FROM catalog_org_changes c JOIN departments d ON d.id = c.department_id
     WHERE c.closed_at IS NULL AND c.due_on < ${today} AND ${inScope(s)}
    UNION ALL
    SELECT 'applications', count(*)::int FROM applications a JOIN departments d ON d.id = a.provider_department_id
     WHERE a.status = 'pending' AND a.accept_by < ${today} AND ${inScope(s)}
    UNION ALL
    SELECT 'objections', count(*)::int FROM objections o JOIN departments d ON d.id = o.provider_department_id
     WHERE o.status = 'open' AND o.reply_by < ${today} AND ${inScope(s)}
    UNION ALL
    SELECT 'notices', count(*)::int FROM supervision_notices n JOIN departments d ON d.id = n.department_id
     WHERE n.status = 'issued' AND n.due_on < ${today} AND ${inScope(s)}`.execute(db);
  return r.rows;
}

/** Notices by status (open work of the office and of the department). */
export async function noticeCounts(db: DbOrTx, s: Scope, includeProposals: boolean) {
  const r = await sql<{ status: string; n: number }>`
    SELECT n.status, count(*)::int AS n FROM supervision_notices n JOIN departments d ON d.id = n.department_id
     WHERE ${inScope(s)} ${includeProposals ? sql`` : sql`AND n.status NOT IN ('proposed', 'dismissed')`} GROUP BY n.status ORDER BY n.status`.execute(db);
  return r.rows;
}

/** The most used resources in scope (provider's side), by successful bus calls in the range (from the audit log). */
export async function topResources(db: DbOrTx, s: Scope, from: string, to: string) {
  const r = await sql<{ code: string; name: string | null; department_name: string; n: number }>`
    SELECT e.object_id AS code, max(v.name) AS name, max(d.name) AS department_name, count(*)::int AS n
      FROM audit_events e
      JOIN catalog_resources r ON r.code = e.object_id
      JOIN departments d ON d.id = r.department_id
      LEFT JOIN catalog_versions v ON v.resource_id = r.id AND v.version = r.published_version
     WHERE e.action LIKE 'exchange.%' AND e.outcome = 'success' AND e.object_type = 'resource'
       AND e.at >= ${`${from}T00:00:00+08:00`} AND e.at < ${`${addDays(to, 1)}T00:00:00+08:00`} AND ${inScope(s)}
     GROUP BY e.object_id ORDER BY n DESC, e.object_id LIMIT 10`.execute(db);
  return r.rows;
}

/** The data-service nodes in scope with their last probe (src/exchange/node-health.job.ts). */
export async function nodeHealth(db: DbOrTx, s: Scope) {
  const r = await sql<{ id: string; name: string; department_name: string; status: string; last_seen_at: Date | null; last_latency_ms: number | null; last_error: string | null }>`
    SELECT n.id, n.name, d.name AS department_name, n.status, n.last_seen_at, n.last_latency_ms, n.last_error
      FROM nodes n JOIN departments d ON d.id = n.department_id
     WHERE ${inScope(s)} ORDER BY (n.last_error IS NULL), n.name`.execute(db);
  return r.rows;
}
