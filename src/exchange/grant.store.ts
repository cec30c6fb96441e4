import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';
import type { GrantView } from './access.rules.js';

type Row = { id: string; items: string[]; masks: Record<string, string>; methods: string[]; purpose: string; valid_from: string; valid_until: string; status: 'active' | 'suspended' | 'revoked'; credential_id: string | null; max_records: number | null; daily_quota: number | null };

export function toGrantView(r: Row): GrantView {
  return { id: r.id, items: r.items, masks: r.masks, methods: r.methods, purpose: r.purpose, validFrom: r.valid_from, validUntil: r.valid_until, status: r.status, credentialId: r.credential_id, maxRecords: r.max_records, dailyQuota: r.daily_quota };
}

export async function grantsFor(db: DbOrTx, consumerDepartmentId: string, resourceCode: string): Promise<GrantView[]> {
  const rows = await db.selectFrom('grants')
    .select(['id', 'items', 'masks', 'methods', 'purpose', 'valid_from', 'valid_until', 'status', 'credential_id', 'max_records', 'daily_quota'])
    .where('consumer_department_id', '=', consumerDepartmentId).where('resource_code', '=', resourceCode).execute();
  return rows.map((r) => toGrantView(r as Row));
}

export interface NewGrant {
  id: string; resourceCode: string; consumerDepartmentId: string; items: string[]; masks: Record<string, string>; methods: string[];
  purpose: string; validFrom: string; validUntil: string; dailyQuota: number | null; maxRecords: number | null;
  credentialId: string | null; applicationId: string | null; createdBy: string | null;
}

export async function insertGrant(db: DbOrTx, g: NewGrant): Promise<void> {
  await db.insertInto('grants').values({
    id: g.id, resource_code: g.resourceCode, consumer_department_id: g.consumerDepartmentId, items: JSON.stringify(g.items), masks: JSON.stringify(g.masks),
    methods: JSON.stringify(g.methods), purpose: g.purpose, valid_from: g.validFrom, valid_until: g.validUntil, daily_quota: g.dailyQuota, max_records: g.maxRecords,
    credential_id: g.credentialId, application_id: g.applicationId, status_reason: null, created_by: g.createdBy,
  }).execute();
}

export async function findGrant(db: DbOrTx, id: string) {
  return db.selectFrom('grants').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function setGrantStatus(db: DbOrTx, id: string, status: 'active' | 'suspended' | 'revoked', reason: string | null): Promise<void> {
  await db.updateTable('grants').set({ status, status_reason: reason, updated_at: new Date() }).where('id', '=', id).execute();
}

export interface GrantFilter {
  /** Whose grants: the department's as consumer or as provider, any department's in a region (the office), or all. */
  consumerDepartmentId?: string | undefined;
  providerDepartmentId?: string | undefined;
  /** Either side is this department (a department user asking for both lists). */
  eitherDepartmentId?: string | undefined;
  /** Either side lies in the region (GB/T 2260 prefix). */
  regionPrefix?: string | undefined;
  resourceCode?: string | undefined;
  /** `expired` is derived: not revoked, and the period ended before `today`. */
  status?: 'active' | 'suspended' | 'revoked' | 'expired' | undefined;
  today?: string | undefined;
}

export async function listGrants(db: DbOrTx, f: GrantFilter) {
  let q = db.selectFrom('grants')
    .leftJoin('catalog_resources', 'catalog_resources.code', 'grants.resource_code')
    .leftJoin('catalog_versions', (j) => j.onRef('catalog_versions.resource_id', '=', 'catalog_resources.id').onRef('catalog_versions.version', '=', 'catalog_resources.head_version'))
    .leftJoin('departments as pd', 'pd.id', 'catalog_resources.department_id')
    .innerJoin('departments as cd', 'cd.id', 'grants.consumer_department_id')
    .select(['grants.id', 'grants.resource_code', 'grants.consumer_department_id', 'grants.items', 'grants.masks', 'grants.methods', 'grants.purpose', 'grants.valid_from',
      'grants.valid_until', 'grants.status', 'grants.status_reason', 'grants.application_id', 'grants.credential_id', 'grants.max_records', 'grants.daily_quota', 'grants.created_at',
      'grants.updated_at', 'catalog_resources.department_id as provider_department_id', 'pd.name as provider_name', 'cd.name as consumer_name',
      sql<string | null>`catalog_versions.body->>'name'`.as('resource_name')]);
  if (f.consumerDepartmentId) q = q.where('grants.consumer_department_id', '=', f.consumerDepartmentId);
  if (f.providerDepartmentId) q = q.where('catalog_resources.department_id', '=', f.providerDepartmentId);
  if (f.eitherDepartmentId) {
    const d = f.eitherDepartmentId;
    q = q.where((eb) => eb.or([eb('grants.consumer_department_id', '=', d), eb('catalog_resources.department_id', '=', d)]));
  }
  if (f.regionPrefix) {
    const p = `${f.regionPrefix}%`;
    q = q.where((eb) => eb.or([eb('pd.region_code', 'like', p), eb('cd.region_code', 'like', p)]));
  }
  if (f.resourceCode) q = q.where('grants.resource_code', '=', f.resourceCode);
  if (f.status === 'expired') q = q.where('grants.status', '!=', 'revoked').where('grants.valid_until', '<', f.today ?? sql<string>`CURRENT_DATE`);
  else if (f.status) {
    q = q.where('grants.status', '=', f.status);
    if (f.status !== 'revoked') q = q.where('grants.valid_until', '>=', f.today ?? sql<string>`CURRENT_DATE`);
  }
  return q.orderBy('grants.created_at', 'desc').orderBy('grants.id').limit(500).execute();
}

export interface GrantUsage { calls: number; rows: number; lastUsedAt: Date | null }

/**
 * What each grant has been used for: the bus audits every exchange with the grant it used (detail.grant), so the
 * audit log is the one count there is (successful queries, exports, comparisons and API calls; tickets excluded).
 */
export async function grantUsage(db: DbOrTx, grantIds: string[]): Promise<Map<string, GrantUsage>> {
  const out = new Map<string, GrantUsage>();
  if (grantIds.length === 0) return out;
  const rows = await db.selectFrom('audit_events')
    .select([
      sql<string>`detail->>'grant'`.as('grant_id'),
      (eb) => eb.fn.countAll<string>().as('calls'),
      sql<string>`coalesce(sum(case when detail->>'rows' ~ '^[0-9]+$' then (detail->>'rows')::bigint else 0 end), 0)`.as('rows'),
      (eb) => eb.fn.max('at').as('last_at'),
    ])
    .where('action', 'like', 'exchange.%').where('action', 'not like', 'exchange.ticket.%').where('outcome', '=', 'success')
    .where(sql<string>`detail->>'grant'`, 'in', grantIds)
    .groupBy(sql`detail->>'grant'`)
    .execute();
  for (const r of rows) out.set(r.grant_id, { calls: Number(r.calls), rows: Number(r.rows), lastUsedAt: r.last_at ? new Date(r.last_at) : null });
  return out;
}
