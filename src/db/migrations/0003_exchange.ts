import { sql, type Kysely } from 'kysely';

// Nodes (Art. 14), grants (what the bus enforces; applications create them, Art. 23) and the exchange log index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE nodes (
    id text PRIMARY KEY,
    department_id text NOT NULL REFERENCES departments(id),
    name text NOT NULL,
    url text NOT NULL,
    public_key text NOT NULL,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    status_reason text,
    registered_at timestamptz NOT NULL DEFAULT now(),
    key_rotated_at timestamptz,
    last_seen_at timestamptz,
    last_latency_ms integer,
    last_error text,
    version text,
    health jsonb
  )`.execute(db);
  await sql`CREATE INDEX nodes_department ON nodes(department_id)`.execute(db);
  await sql`CREATE TABLE grants (
    id text PRIMARY KEY,
    resource_code text NOT NULL,
    consumer_department_id text NOT NULL REFERENCES departments(id),
    items jsonb NOT NULL,
    masks jsonb NOT NULL DEFAULT '{}'::jsonb,
    methods jsonb NOT NULL DEFAULT '["query","export","compare","api"]'::jsonb,
    purpose text NOT NULL,
    valid_from date NOT NULL,
    valid_until date NOT NULL,
    daily_quota integer,
    max_records integer,
    credential_id text REFERENCES credentials(id),
    application_id text,
    status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
    status_reason text,
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX grants_lookup ON grants(consumer_department_id, resource_code)`.execute(db);
  await sql`CREATE INDEX grants_resource ON grants(resource_code)`.execute(db);
}
