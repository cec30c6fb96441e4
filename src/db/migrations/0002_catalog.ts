import { sql, type Kysely } from 'kysely';

// The catalog (SPEC C1). A resource is an identity (code, provider); its metadata lives in versions: one
// working version (draft/submitted/rejected/approved) and the published history (published/superseded/retired).
// A published version is never updated except for its status; a later edit starts version n+1.
export async function up(db: Kysely<unknown>): Promise<void> {
  // Counters behind codes: an atomic upsert hands out the next number; numbers are never reused.
  await sql`CREATE TABLE catalog_counters (
    key text PRIMARY KEY,
    value bigint NOT NULL
  )`.execute(db);
  // 目 numbers within a 项 (a base/theme sub-class, or a department for department resources).
  await sql`CREATE TABLE catalog_class_dirs (
    item_prefix text NOT NULL,
    dir_key text NOT NULL,
    dir_no integer NOT NULL,
    PRIMARY KEY (item_prefix, dir_key),
    UNIQUE (item_prefix, dir_no)
  )`.execute(db);
  await sql`CREATE TABLE catalog_resources (
    id text PRIMARY KEY,
    code text NOT NULL UNIQUE,
    department_id text NOT NULL REFERENCES departments(id),
    region_code text NOT NULL REFERENCES regions(code),
    kind text NOT NULL CHECK (kind IN ('base', 'theme', 'department')),
    class_code text NOT NULL,
    status text NOT NULL CHECK (status IN ('draft', 'submitted', 'rejected', 'approved', 'published', 'retired')),
    head_version integer NOT NULL,
    published_version integer,
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    retired_at timestamptz
  )`.execute(db);
  await sql`CREATE INDEX catalog_resources_department ON catalog_resources(department_id, status)`.execute(db);
  await sql`CREATE TABLE catalog_versions (
    resource_id text NOT NULL REFERENCES catalog_resources(id),
    version integer NOT NULL CHECK (version >= 1),
    status text NOT NULL CHECK (status IN ('draft', 'submitted', 'rejected', 'approved', 'published', 'superseded', 'retired')),
    body jsonb NOT NULL,
    review jsonb,
    code text NOT NULL,
    name text NOT NULL,
    department_id text NOT NULL,
    region_code text NOT NULL,
    kind text NOT NULL,
    share_type text NOT NULL,
    format text NOT NULL,
    update_cycle text NOT NULL,
    open boolean NOT NULL,
    tsv tsvector NOT NULL,
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    submitted_by text,
    submitted_at timestamptz,
    published_at timestamptz,
    publish_date date,
    PRIMARY KEY (resource_id, version)
  )`.execute(db);
  // At most one published and one working version per resource.
  await sql`CREATE UNIQUE INDEX catalog_versions_one_published ON catalog_versions(resource_id) WHERE status = 'published'`.execute(db);
  await sql`CREATE UNIQUE INDEX catalog_versions_one_working ON catalog_versions(resource_id) WHERE status IN ('draft', 'submitted', 'rejected', 'approved')`.execute(db);
  // Search over the published catalog (GIN on lexemes built by the application) and its facets.
  await sql`CREATE INDEX catalog_versions_tsv ON catalog_versions USING gin (tsv) WHERE status = 'published'`.execute(db);
  await sql`CREATE INDEX catalog_versions_published_dept ON catalog_versions(department_id) WHERE status = 'published'`.execute(db);
  await sql`CREATE INDEX catalog_versions_published_region ON catalog_versions(region_code) WHERE status = 'published'`.execute(db);
  await sql`CREATE INDEX catalog_versions_published_date ON catalog_versions(published_at DESC) WHERE status = 'published'`.execute(db);
  // Art. 10: an organisational or legal-duty change opens a 15-workday catalog-update deadline.
  await sql`CREATE TABLE catalog_org_changes (
    id text PRIMARY KEY,
    department_id text NOT NULL REFERENCES departments(id),
    kind text NOT NULL CHECK (kind IN ('reorganisation', 'legal_duty')),
    description text NOT NULL,
    effective_on date NOT NULL,
    due_on date NOT NULL,
    provisional boolean NOT NULL,
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    closed_at timestamptz,
    closed_by_code text,
    closed_by_version integer
  )`.execute(db);
  await sql`CREATE INDEX catalog_org_changes_department ON catalog_org_changes(department_id) WHERE closed_at IS NULL`.execute(db);
  // Art. 35: an IT project's pre-compiled catalog, moved into the platform catalog at acceptance.
  await sql`CREATE TABLE catalog_projects (
    id text PRIMARY KEY,
    name text NOT NULL,
    department_id text NOT NULL REFERENCES departments(id),
    approval_no text,
    resources jsonb NOT NULL,
    resource_count integer NOT NULL,
    status text NOT NULL CHECK (status IN ('registered', 'accepted')),
    accepted_codes jsonb,
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    accepted_by text,
    accepted_at timestamptz
  )`.execute(db);
}
