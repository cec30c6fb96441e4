import { sql, type Kysely } from 'kysely';

// Catalog aggregation (SPEC C8, Art. 9): an entry a city platform pushed up keeps the platform it came from.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE catalog_resources ADD COLUMN origin_platform_id text REFERENCES platforms(id)`.execute(db);
  await sql`CREATE INDEX catalog_resources_origin ON catalog_resources (origin_platform_id) WHERE origin_platform_id IS NOT NULL`.execute(db);
}
