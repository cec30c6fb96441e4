import { sql } from 'kysely';
import type { DbOrTx } from './database.js';

/**
 * Claims a job for `seconds` across all platform instances without holding a transaction open during network calls
 * (a probe may take seconds; on PGlite an open transaction would stall every request meanwhile).
 */
export async function claimLease(db: DbOrTx, name: string, seconds: number): Promise<boolean> {
  const until = new Date(Date.now() + seconds * 1000).toISOString();
  const r = await sql<{ key: string }>`
    INSERT INTO settings (key, value) VALUES (${`lease:${name}`}, ${JSON.stringify({ until })}::jsonb)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()
      WHERE (settings.value->>'until')::timestamptz < now()
    RETURNING key`.execute(db);
  return r.rows.length > 0;
}

/** Gives a lease back before it runs out (the job finished early). */
export async function releaseLease(db: DbOrTx, name: string): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', `lease:${name}`).execute();
}
