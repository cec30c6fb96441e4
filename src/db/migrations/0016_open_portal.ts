import { sql, type Kysely } from 'kysely';

// The open-data portal's usage counts (Art. 26): views, downloads and API calls per resource per day.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE open_usage (
    day date NOT NULL,
    resource_code text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('view', 'download', 'api')),
    n bigint NOT NULL DEFAULT 0,
    rows bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (resource_code, day, kind)
  )`.execute(db);
}
