import { sql, type Kysely } from 'kysely';

// Monitoring during use (Art. 32): alerts raised by the rules of src/monitoring over the audit log, and the
// per-grant hourly counts that give each grant its own baseline. Security incidents (Art. 31): src/incidents.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE alerts (
    id uuid PRIMARY KEY,
    rule text NOT NULL,
    severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
    status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'closed')),
    dedup_key text NOT NULL UNIQUE,
    title text NOT NULL,
    department_id text,
    provider_department_id text,
    region_code text,
    grant_id text,
    user_id text,
    user_name text,
    evidence jsonb NOT NULL,
    auto_action text,
    raised_at timestamptz NOT NULL DEFAULT now(),
    acknowledged_at timestamptz,
    acknowledged_by text,
    acknowledge_note text,
    closed_at timestamptz,
    closed_by text,
    close_note text
  )`.execute(db);
  await sql`CREATE INDEX alerts_department ON alerts(department_id, raised_at DESC)`.execute(db);
  await sql`CREATE INDEX alerts_provider ON alerts(provider_department_id, raised_at DESC)`.execute(db);
  await sql`CREATE INDEX alerts_status ON alerts(status, raised_at DESC)`.execute(db);

  await sql`CREATE TABLE monitor_grant_hours (
    grant_id text NOT NULL,
    hour timestamptz NOT NULL,
    calls integer NOT NULL DEFAULT 0,
    rows bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (grant_id, hour)
  )`.execute(db);

  await sql`CREATE TABLE incidents (
    id uuid PRIMARY KEY,
    department_id text NOT NULL REFERENCES departments(id),
    region_code text NOT NULL,
    title text NOT NULL,
    description text NOT NULL,
    severity text NOT NULL CHECK (severity IN ('general', 'major', 'serious', 'critical')),
    occurred_at timestamptz,
    discovered_at timestamptz NOT NULL,
    data_involved jsonb NOT NULL,
    measures text NOT NULL,
    status text NOT NULL DEFAULT 'reported' CHECK (status IN ('reported', 'investigating', 'closed')),
    reported_by text,
    reported_by_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX incidents_department ON incidents(department_id, created_at DESC)`.execute(db);
  await sql`CREATE INDEX incidents_region ON incidents(region_code, created_at DESC)`.execute(db);

  await sql`CREATE TABLE incident_notes (
    id uuid PRIMARY KEY,
    incident_id uuid NOT NULL REFERENCES incidents(id),
    kind text NOT NULL CHECK (kind IN ('note', 'status', 'delivery')),
    text text NOT NULL,
    status_to text,
    actor_id text,
    actor_name text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX incident_notes_incident ON incident_notes(incident_id, at)`.execute(db);

  // One row per channel of the security authority (webhook, e-mail): sent by the scheduler with retries.
  await sql`CREATE TABLE incident_deliveries (
    id uuid PRIMARY KEY,
    incident_id uuid NOT NULL REFERENCES incidents(id),
    channel text NOT NULL CHECK (channel IN ('webhook', 'email')),
    address text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error text,
    sent_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX incident_deliveries_due ON incident_deliveries(status, next_attempt_at)`.execute(db);
}
