import { sql, type Kysely } from 'kysely';

// The platform's copy of each node's own event log (DESIGN.md "Audit") and the nodes' data reports (Art. 21).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE node_events (
    node_id text NOT NULL REFERENCES nodes(id),
    seq bigint NOT NULL,
    at timestamptz NOT NULL,
    jti text,
    consumer text,
    resource text,
    method text NOT NULL,
    outcome text NOT NULL,
    code text,
    rows integer NOT NULL DEFAULT 0,
    bytes bigint NOT NULL DEFAULT 0,
    event jsonb NOT NULL,
    hash text NOT NULL,
    PRIMARY KEY (node_id, seq)
  )`.execute(db);
  await sql`CREATE INDEX node_events_jti ON node_events(jti)`.execute(db);
  await sql`CREATE TABLE node_sync (
    node_id text PRIMARY KEY REFERENCES nodes(id),
    last_seq bigint NOT NULL DEFAULT 0,
    last_hash text NOT NULL,
    synced_at timestamptz,
    last_error text
  )`.execute(db);
  await sql`CREATE TABLE resource_stats (
    resource_code text NOT NULL,
    node_id text NOT NULL REFERENCES nodes(id),
    row_count bigint,
    last_change timestamptz,
    error text,
    reported_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (resource_code, node_id)
  )`.execute(db);
}
