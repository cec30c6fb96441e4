import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import { regionPrefix } from '../orgs/region-code.js';

/** Art. 35 gate states, decided in SQL (below) from catalog_projects and the platform catalog. */
export type GateStatus = 'blocked_approval' | 'blocked_acceptance' | 'ok';

export interface GateScope { regionCode?: string | undefined; departmentId?: string | undefined }

export interface MissingRow { index: number; name: string; code: string | null; state: string }
export interface GateRow {
  id: string; name: string; department_id: string; department_name: string; region_code: string; approval_no: string | null;
  project_status: 'registered' | 'accepted'; resource_count: number; published_count: number; gate: GateStatus;
  missing: MissingRow[]; created_at: Date | string; accepted_at: Date | string | null;
}

/**
 * Each project with its gate. A planned resource (one entry of the project's pre-compiled catalog) is found in the
 * platform by the code it received at acceptance, or before acceptance by its name among the department's resources;
 * it counts as entered when a version of it is published. No catalog → blocks approval (立项); a catalog with an entry
 * not published → blocks acceptance (验收); else ok. `missing` is the evidence: the entries not in the published catalog
 * and how far each got (not_entered, or the resource's status: draft, submitted, rejected, approved, retired).
 */
function gateQuery(scope: GateScope) {
  const region = scope.regionCode ? sql`AND d.region_code LIKE ${`${regionPrefix(scope.regionCode)}%`}` : sql``;
  const dept = scope.departmentId ? sql`AND p.department_id = ${scope.departmentId}` : sql``;
  return sql`
    WITH scoped AS (
      SELECT p.id, p.name, p.department_id, d.name AS department_name, d.region_code, p.approval_no, p.status AS project_status,
             p.resources, p.resource_count, p.accepted_codes, p.created_at, p.accepted_at
        FROM catalog_projects p JOIN departments d ON d.id = p.department_id
       WHERE TRUE ${region} ${dept}
    ), planned AS (
      SELECT s.id AS project_id, e.ord::int AS idx, e.res->>'name' AS name, found.code, found.status,
             COALESCE(found.published, FALSE) AS published
        FROM scoped s
        CROSS JOIN LATERAL jsonb_array_elements(s.resources) WITH ORDINALITY AS e(res, ord)
        LEFT JOIN LATERAL (
          SELECT c.code, c.status::text AS status,
                 EXISTS (SELECT 1 FROM catalog_versions pv WHERE pv.resource_id = c.id AND pv.status = 'published') AS published
            FROM catalog_resources c
           WHERE c.department_id = s.department_id
             AND CASE WHEN jsonb_typeof(s.accepted_codes) = 'array' THEN c.code = s.accepted_codes->>(e.ord::int - 1)
                      ELSE EXISTS (SELECT 1 FROM catalog_versions nv WHERE nv.resource_id = c.id AND nv.name = e.res->>'name') END
           ORDER BY published DESC, c.created_at DESC
           LIMIT 1
        ) found ON TRUE
    ), per_project AS (
      SELECT project_id,
             COUNT(*) FILTER (WHERE published)::int AS published_count,
             COALESCE(jsonb_agg(jsonb_build_object('index', idx - 1, 'name', name, 'code', code, 'state', COALESCE(status, 'not_entered')) ORDER BY idx)
                      FILTER (WHERE NOT published), '[]'::jsonb) AS missing
        FROM planned GROUP BY project_id
    )
    SELECT s.id, s.name, s.department_id, s.department_name, s.region_code, s.approval_no, s.project_status, s.resource_count,
           COALESCE(pp.published_count, 0) AS published_count, COALESCE(pp.missing, '[]'::jsonb) AS missing, s.created_at, s.accepted_at,
           CASE WHEN s.resource_count = 0 THEN 'blocked_approval'
                WHEN COALESCE(pp.published_count, 0) < s.resource_count THEN 'blocked_acceptance'
                ELSE 'ok' END AS gate
      FROM scoped s LEFT JOIN per_project pp ON pp.project_id = s.id`;
}

export async function projectGates(db: DbOrTx, scope: GateScope, status: GateStatus | undefined, page: number, size: number) {
  const base = gateQuery(scope);
  const filter = status ? sql`WHERE g.gate = ${status}` : sql``;
  const [rows, counts] = await Promise.all([
    sql<GateRow>`SELECT g.* FROM (${base}) g ${filter} ORDER BY g.created_at DESC, g.id LIMIT ${size} OFFSET ${(page - 1) * size}`.execute(db),
    sql<{ gate: GateStatus; n: number }>`SELECT g.gate, COUNT(*)::int AS n FROM (${base}) g GROUP BY g.gate`.execute(db),
  ]);
  return { rows: rows.rows, counts: counts.rows };
}
