import { sql, type Kysely } from 'kysely';

/**
 * Trace (溯源, Art. 33) and watermarks (Art. 39(4)), ADR 007. `trace_events` is a projection of the audit log and of
 * the nodes' shipped logs, rebuilt from them at any time (trace_cursor says how far each source is read): the
 * log stays the one record, the projection adds indexes by resource, department, user and keyed record-key hash.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE trace_events (
    id bigserial PRIMARY KEY,
    source text NOT NULL,
    source_seq bigint NOT NULL,
    at timestamptz NOT NULL,
    category text NOT NULL,
    action text NOT NULL,
    outcome text NOT NULL,
    resource_code text,
    provider_department_id text,
    actor_department_id text,
    actor_id text,
    actor_name text,
    grant_id text,
    ticket text,
    row_count bigint,
    byte_count bigint,
    purpose text,
    export_id text,
    UNIQUE (source, source_seq)
  )`.execute(db);
  await sql`CREATE INDEX trace_events_at ON trace_events (at)`.execute(db);
  await sql`CREATE INDEX trace_events_resource ON trace_events (resource_code, at)`.execute(db);
  await sql`CREATE INDEX trace_events_provider ON trace_events (provider_department_id, at)`.execute(db);
  await sql`CREATE INDEX trace_events_actor_dept ON trace_events (actor_department_id, at)`.execute(db);
  await sql`CREATE INDEX trace_events_actor ON trace_events (actor_id, at)`.execute(db);
  await sql`CREATE INDEX trace_events_export ON trace_events (export_id) WHERE export_id IS NOT NULL`.execute(db);
  // Record keys by keyed hash only (HMAC-SHA256 / HMAC-SM3 with the platform trace key): the index holds no value.
  await sql`CREATE TABLE trace_keys (
    key_hash text NOT NULL,
    event_id bigint NOT NULL REFERENCES trace_events (id),
    PRIMARY KEY (key_hash, event_id)
  )`.execute(db);
  await sql`CREATE TABLE trace_cursor (
    source text PRIMARY KEY,
    last_seq bigint NOT NULL
  )`.execute(db);
}
