import { sql } from 'kysely';
import { addDays } from '../calendar/dates.js';
import type { DbOrTx } from '../db/database.js';
import { regionPrefix } from '../orgs/region-code.js';

/** Activity per department for the annual report, counted over the stored rows (never from counters). */
export interface ActivityRow { department_id: string; exchanges: number; received: number; refused: number; filed: number; objections: number }

const inRegion = (code: string) => sql`d.region_code LIKE ${`${regionPrefix(code)}%`}`;

/**
 * Per department of the region: successful bus calls it made (audit events `exchange.*`, Art. 33), applications it
 * received as provider and how many it refused, applications it filed as consumer, objections it received.
 */
export async function activityByDepartment(db: DbOrTx, regionCode: string, from: string, to: string): Promise<ActivityRow[]> {
  const start = `${from}T00:00:00+08:00`;
  const end = `${addDays(to, 1)}T00:00:00+08:00`;
  const r = await sql<ActivityRow>`
    SELECT d.id AS department_id,
      (SELECT count(*)::int FROM audit_events e WHERE e.department_id = d.id AND e.action LIKE 'exchange.%' AND e.outcome = 'success' AND e.at >= ${start} AND e.at < ${end}) AS exchanges,
      (SELECT count(*)::int FROM applications a WHERE a.provider_department_id = d.id AND a.filed_on BETWEEN ${from} AND ${to}) AS received,
      (SELECT count(*)::int FROM applications a WHERE a.provider_department_id = d.id AND a.filed_on BETWEEN ${from} AND ${to} AND a.status = 'refused') AS refused,
      (SELECT count(*)::int FROM applications a WHERE a.consumer_department_id = d.id AND a.filed_on BETWEEN ${from} AND ${to}) AS filed,
      (SELECT count(*)::int FROM objections o WHERE o.provider_department_id = d.id AND o.filed_on BETWEEN ${from} AND ${to}) AS objections
    FROM departments d WHERE ${inRegion(regionCode)}`.execute(db);
  return r.rows;
}

export async function regionByCode(db: DbOrTx, code: string) {
  return db.selectFrom('regions').select(['code', 'name', 'level', 'parent_code']).where('code', '=', code).executeTakeFirst();
}

export async function childRegions(db: DbOrTx, code: string) {
  return db.selectFrom('regions').select(['code', 'name', 'level']).where('parent_code', '=', code).orderBy('code').execute();
}
