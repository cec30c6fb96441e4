import { sql, type Kysely } from 'kysely';

// Per-day use of each resource by each consumer (Art. 23 guards on comparison: quotas, volume alerts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE exchange_usage (
    day date NOT NULL,
    consumer_department_id text NOT NULL,
    resource_code text NOT NULL,
    method text NOT NULL,
    calls integer NOT NULL DEFAULT 0,
    records bigint NOT NULL DEFAULT 0,
    no_match bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (day, consumer_department_id, resource_code, method)
  )`.execute(db);
}
