import { sql, type Kysely } from 'kysely';

// Supervision (SPEC C7, Art. 34, 39): the history of node health probes that the evaluation's "node availability"
// is computed from, and the rectification notices (整改通知) with their written circulars (书面通报).
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per probe. Written by a trigger on nodes: every probe (src/exchange/node.store.ts recordHealth) sets
  // last_latency_ms and last_error, so the history needs no change to the exchange code and cannot be skipped.
  await sql`CREATE TABLE node_probes (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    node_id text NOT NULL REFERENCES nodes(id),
    at timestamptz NOT NULL DEFAULT now(),
    ok boolean NOT NULL,
    latency_ms integer,
    error text
  )`.execute(db);
  await sql`CREATE INDEX node_probes_node_at ON node_probes(node_id, at)`.execute(db);
  await sql`CREATE FUNCTION govshare_node_probe() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO node_probes (node_id, ok, latency_ms, error) VALUES (NEW.id, NEW.last_error IS NULL, NEW.last_latency_ms, NEW.last_error);
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER nodes_probe_history AFTER UPDATE OF last_latency_ms, last_error ON nodes
    FOR EACH ROW EXECUTE FUNCTION govshare_node_probe()`.execute(db);

  await sql`CREATE TABLE supervision_notices (
    id text PRIMARY KEY,
    department_id text NOT NULL REFERENCES departments(id),
    region_code text NOT NULL REFERENCES regions(code),
    ground smallint NOT NULL CHECK (ground BETWEEN 1 AND 7),
    facts text NOT NULL,
    status text NOT NULL CHECK (status IN ('proposed', 'dismissed', 'issued', 'replied', 'closed', 'circulated')),
    source text NOT NULL CHECK (source IN ('office', 'detected')),
    detection_kind text,
    detection_key text UNIQUE,
    evidence jsonb NOT NULL DEFAULT '[]'::jsonb,
    deadline_workdays integer,
    issued_on date,
    due_on date,
    due_provisional boolean NOT NULL DEFAULT false,
    issued_by text,
    reply text,
    replied_at timestamptz,
    replied_by text,
    closed_at timestamptz,
    circular text,
    circulated_at timestamptz,
    dismiss_reason text,
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX supervision_notices_dept ON supervision_notices(department_id, status)`.execute(db);
  await sql`CREATE INDEX supervision_notices_due ON supervision_notices(status, due_on)`.execute(db);
}
