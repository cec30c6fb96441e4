import type { DbOrTx } from '../db/database.js';
import type { GrantView } from './access.rules.js';

type Row = { id: string; items: string[]; masks: Record<string, string>; methods: string[]; purpose: string; valid_from: string; valid_until: string; status: 'active' | 'suspended' | 'revoked'; credential_id: string | null; max_records: number | null };

export function toGrantView(r: Row): GrantView {
  return { id: r.id, items: r.items, masks: r.masks, methods: r.methods, purpose: r.purpose, validFrom: r.valid_from, validUntil: r.valid_until, status: r.status, credentialId: r.credential_id, maxRecords: r.max_records };
}

export async function grantsFor(db: DbOrTx, consumerDepartmentId: string, resourceCode: string): Promise<GrantView[]> {
  const rows = await db.selectFrom('grants')
    .select(['id', 'items', 'masks', 'methods', 'purpose', 'valid_from', 'valid_until', 'status', 'credential_id', 'max_records'])
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

export async function listGrants(db: DbOrTx, f: { consumerDepartmentId?: string | undefined; providerDepartmentId?: string | undefined; resourceCode?: string | undefined }) {
  let q = db.selectFrom('grants').leftJoin('catalog_resources', 'catalog_resources.code', 'grants.resource_code')
    .select(['grants.id', 'grants.resource_code', 'grants.consumer_department_id', 'grants.items', 'grants.masks', 'grants.methods', 'grants.purpose', 'grants.valid_from',
      'grants.valid_until', 'grants.status', 'grants.status_reason', 'grants.application_id', 'grants.credential_id', 'grants.max_records', 'grants.daily_quota', 'grants.created_at',
      'catalog_resources.department_id as provider_department_id']);
  if (f.consumerDepartmentId) q = q.where('grants.consumer_department_id', '=', f.consumerDepartmentId);
  if (f.providerDepartmentId) q = q.where('catalog_resources.department_id', '=', f.providerDepartmentId);
  if (f.resourceCode) q = q.where('grants.resource_code', '=', f.resourceCode);
  return q.orderBy('grants.created_at', 'desc').limit(500).execute();
}
