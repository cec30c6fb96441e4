import { sql } from 'kysely';
import type { DbOrTx } from '../db/database.js';

export type PlatformStatus = 'pending' | 'active' | 'suspended';

export async function findPlatformByRegion(db: DbOrTx, regionCode: string) {
  return db.selectFrom('platforms').selectAll().where('region_code', '=', regionCode).executeTakeFirst();
}

export async function findPlatform(db: DbOrTx, id: string) {
  return db.selectFrom('platforms').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listPlatforms(db: DbOrTx, regionPrefix: string | null) {
  let q = db.selectFrom('platforms').selectAll().orderBy('region_code');
  if (regionPrefix) q = q.where('region_code', 'like', `${regionPrefix}%`);
  return q.execute();
}

export async function insertPlatform(db: DbOrTx, p: { id: string; regionCode: string; name: string; url: string; publicKey: string; fingerprint: string; version: string | null }) {
  await db.insertInto('platforms').values({
    id: p.id, region_code: p.regionCode, name: p.name, url: p.url, public_key: p.publicKey, fingerprint: p.fingerprint, status: 'pending',
    status_reason: null, decided_by: null, decided_at: null, last_seen_at: new Date(), version: p.version,
  }).execute();
}

export async function touchPlatform(db: DbOrTx, id: string, fields: { url?: string; name?: string; version?: string | null } = {}) {
  await db.updateTable('platforms').set({ last_seen_at: new Date(), ...fields }).where('id', '=', id).execute();
}

export async function setPlatformStatus(db: DbOrTx, id: string, status: PlatformStatus, by: string, reason: string | null) {
  await db.updateTable('platforms').set({ status, status_reason: reason, decided_by: by, decided_at: new Date() }).where('id', '=', id).execute();
}

/** Records a nonce; false when it was seen before (a replay). Expired nonces are swept on the way. */
export async function rememberNonce(db: DbOrTx, nonce: string, ttlSeconds: number): Promise<boolean> {
  await db.deleteFrom('federation_nonces').where('expires_at', '<', new Date()).execute();
  const r = await db.insertInto('federation_nonces').values({ nonce, expires_at: new Date(Date.now() + ttlSeconds * 1000) })
    .onConflict((oc) => oc.column('nonce').doNothing()).returning('nonce').execute();
  return r.length > 0;
}

export async function readSetting<T>(db: DbOrTx, key: string): Promise<T | undefined> {
  const r = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value as T | undefined;
}

export async function writeSetting(db: DbOrTx, key: string, value: unknown): Promise<void> {
  await sql`INSERT INTO settings (key, value) VALUES (${key}, ${JSON.stringify(value)}::jsonb)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`.execute(db);
}
