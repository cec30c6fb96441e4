import { sql, type Kysely } from 'kysely';

// Issue 6 (grants carry a quota): the share approver may limit how many records one request of the grant may
// return or compare; the limit is decided at approval, kept on the application and copied onto its grant.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE applications ADD COLUMN max_records integer CHECK (max_records IS NULL OR max_records > 0)`.execute(db);
}
