import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * Runs statements as a malicious DBA would: with triggers switched off for the transaction
 * (`session_replication_role = replica` needs a superuser, which the tests' PostgreSQL role is), so the append-only
 * guard of migration 0005 does not stop the edit and the test can show that verification still catches it.
 * On PGlite (no guard) it is a plain transaction.
 */
export async function asMaliciousDba(db: Db, ...statements: RawBuilder<unknown>[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await sql`SET LOCAL session_replication_role = replica`.execute(tx);
    for (const s of statements) await s.execute(tx);
  });
}
