import { sql, type Kysely } from 'kysely';

// Forward-only. Dates of the civil calendar are `date` (Asia/Shanghai civil dates, no time zone);
// instants are `timestamptz`. ids are UUID text made by the application.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE regions (
    code text PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    name text NOT NULL,
    level text NOT NULL CHECK (level IN ('province', 'city', 'county')),
    parent_code text REFERENCES regions(code),
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE TABLE departments (
    id text PRIMARY KEY,
    code text NOT NULL UNIQUE CHECK (length(code) = 18),
    name text NOT NULL,
    region_code text NOT NULL REFERENCES regions(code),
    parent_id text REFERENCES departments(id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX departments_region ON departments(region_code)`.execute(db);
  await sql`CREATE TABLE users (
    id text PRIMARY KEY,
    username text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    department_id text REFERENCES departments(id),
    display_name text,
    failed_attempts integer NOT NULL DEFAULT 0,
    locked_until timestamptz,
    disabled boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE TABLE user_roles (
    user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role text NOT NULL,
    PRIMARY KEY (user_id, role)
  )`.execute(db);
  await sql`CREATE TABLE credentials (
    id text PRIMARY KEY,
    department_id text NOT NULL REFERENCES departments(id),
    name text NOT NULL,
    secret_hash text NOT NULL,
    created_by text REFERENCES users(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
  )`.execute(db);
  await sql`CREATE TABLE sessions (
    token_hash text PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('user', 'system')),
    user_id text REFERENCES users(id),
    credential_id text REFERENCES credentials(id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    CHECK ((kind = 'user') = (user_id IS NOT NULL))
  )`.execute(db);
  // Art. 33: the hash-chained log. seq has no gaps; a gap is a removed row and verify reports it.
  await sql`CREATE TABLE audit_events (
    seq bigint PRIMARY KEY,
    at timestamptz NOT NULL,
    actor_id text,
    actor_name text,
    department_id text,
    action text NOT NULL,
    object_type text,
    object_id text,
    outcome text NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    request_id text,
    detail jsonb,
    prev_hash text NOT NULL,
    hash text NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX audit_events_at ON audit_events(at)`.execute(db);
  await sql`CREATE INDEX audit_events_object ON audit_events(object_type, object_id)`.execute(db);
  await sql`CREATE INDEX audit_events_actor ON audit_events(actor_id)`.execute(db);
  // Events written inside a business transaction wait here (atomic with the change) until the
  // appender chains them; see src/audit/appender.ts.
  await sql`CREATE TABLE audit_pending (
    id bigserial PRIMARY KEY,
    event jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE TABLE calendar_overrides (
    date date PRIMARY KEY,
    kind text NOT NULL CHECK (kind IN ('workday', 'holiday')),
    name text,
    updated_by text,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE TABLE settings (
    key text PRIMARY KEY,
    value jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
}
