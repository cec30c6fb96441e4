import type { DbOrTx } from '../db/database.js';
import type { Visibility } from '../auth/policy.js';
import { regionPrefix } from '../orgs/region-code.js';

export async function insertNode(db: DbOrTx, n: { id: string; departmentId: string; name: string; url: string; publicKey: string }) {
  await db.insertInto('nodes').values({ id: n.id, department_id: n.departmentId, name: n.name, url: n.url, public_key: n.publicKey, status_reason: null, key_rotated_at: null, last_seen_at: null, last_latency_ms: null, last_error: null, version: null, health: null }).execute();
}

const COLUMNS = ['nodes.id', 'nodes.department_id', 'nodes.name', 'nodes.url', 'nodes.public_key', 'nodes.status', 'nodes.status_reason', 'nodes.registered_at',
  'nodes.key_rotated_at', 'nodes.last_seen_at', 'nodes.last_latency_ms', 'nodes.last_error', 'nodes.version', 'nodes.health', 'departments.name as department_name', 'departments.region_code'] as const;

export async function findNode(db: DbOrTx, id: string) {
  return db.selectFrom('nodes').innerJoin('departments', 'departments.id', 'nodes.department_id').select(COLUMNS).where('nodes.id', '=', id).executeTakeFirst();
}

export async function listNodes(db: DbOrTx, v: Visibility, f: { departmentId?: string | undefined }) {
  let q = db.selectFrom('nodes').innerJoin('departments', 'departments.id', 'nodes.department_id').select(COLUMNS);
  if (v.kind === 'none') q = q.where((eb) => eb.lit(false));
  if (v.kind === 'department') q = q.where('nodes.department_id', '=', v.departmentId);
  if (v.kind === 'region') q = q.where('departments.region_code', 'like', `${regionPrefix(v.regionCode)}%`);
  if (f.departmentId) q = q.where('nodes.department_id', '=', f.departmentId);
  return q.orderBy('departments.name').orderBy('nodes.name').execute();
}

export async function listActiveNodes(db: DbOrTx) {
  return db.selectFrom('nodes').select(['id', 'url']).where('status', '=', 'active').execute();
}

export async function setNodeStatus(db: DbOrTx, id: string, status: 'active' | 'suspended', reason: string | null) {
  await db.updateTable('nodes').set({ status, status_reason: reason }).where('id', '=', id).execute();
}

export async function setNodeKey(db: DbOrTx, id: string, publicKey: string) {
  await db.updateTable('nodes').set({ public_key: publicKey, key_rotated_at: new Date() }).where('id', '=', id).execute();
}

export async function recordHealth(db: DbOrTx, id: string, h: { ok: boolean; latencyMs: number | null; version?: string | null; error?: string | null; health?: Record<string, unknown> | null }) {
  await db.updateTable('nodes').set({
    ...(h.ok ? { last_seen_at: new Date(), version: h.version ?? null, health: h.health ? JSON.stringify(h.health) : null } : {}),
    last_latency_ms: h.latencyMs, last_error: h.ok ? null : (h.error ?? 'unreachable'),
  }).where('id', '=', id).execute();
}
