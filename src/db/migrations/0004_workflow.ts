import { sql, type Kysely } from 'kysely';

// The workflow of SPEC C4: applications and security agreements (Art. 23, 30), objections (Art. 24), disputes
// (Art. 25), their dated history, the in-app inbox with e-mail/webhook deliveries, and the reminders the scheduler
// has sent (a unique key per reminder, so parallel sweeps send each one once).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE applications (
    id text PRIMARY KEY,
    resource_code text NOT NULL,
    resource_version integer NOT NULL,
    resource_name text NOT NULL,
    provider_department_id text NOT NULL REFERENCES departments(id),
    consumer_department_id text NOT NULL REFERENCES departments(id),
    items jsonb NOT NULL,
    approved_items jsonb,
    masks jsonb NOT NULL DEFAULT '{}'::jsonb,
    methods jsonb NOT NULL,
    purpose text NOT NULL,
    legal_basis text NOT NULL,
    expected_volume text,
    credential_id text REFERENCES credentials(id),
    valid_from date NOT NULL,
    valid_until date NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'approved', 'refused', 'withdrawn', 'superseded', 'active', 'revoked', 'expired')),
    filed_on date NOT NULL,
    accept_by date NOT NULL,
    accept_by_provisional boolean NOT NULL DEFAULT false,
    decided_at timestamptz,
    decided_by text,
    decision_reason text,
    sign_by date,
    previous_id text REFERENCES applications(id),
    link_kind text CHECK (link_kind IN ('resubmit', 'amend')),
    grant_id text,
    overdue_at timestamptz,
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX applications_consumer ON applications(consumer_department_id, status)`.execute(db);
  await sql`CREATE INDEX applications_provider ON applications(provider_department_id, status)`.execute(db);
  await sql`CREATE INDEX applications_status_due ON applications(status, accept_by)`.execute(db);
  await sql`CREATE INDEX applications_resource ON applications(resource_code)`.execute(db);
  await sql`CREATE INDEX applications_previous ON applications(previous_id)`.execute(db);

  await sql`CREATE TABLE agreements (
    application_id text PRIMARY KEY REFERENCES applications(id),
    content jsonb NOT NULL,
    digest text NOT NULL,
    digest_alg text NOT NULL,
    seal text NOT NULL,
    signature_alg text NOT NULL,
    key_id text NOT NULL,
    generated_at timestamptz NOT NULL DEFAULT now(),
    consumer_signed_by text,
    consumer_user_id text,
    consumer_signed_at timestamptz,
    consumer_seal text,
    provider_signed_by text,
    provider_user_id text,
    provider_signed_at timestamptz,
    provider_seal text
  )`.execute(db);

  await sql`CREATE TABLE objections (
    id text PRIMARY KEY,
    resource_code text NOT NULL,
    resource_name text NOT NULL,
    provider_department_id text NOT NULL REFERENCES departments(id),
    consumer_department_id text NOT NULL REFERENCES departments(id),
    description text NOT NULL,
    items jsonb NOT NULL DEFAULT '[]'::jsonb,
    example_keys jsonb NOT NULL DEFAULT '[]'::jsonb,
    discovered_on date NOT NULL,
    filed_on date NOT NULL,
    report_by date NOT NULL,
    late boolean NOT NULL,
    reply_by date NOT NULL,
    reply_by_provisional boolean NOT NULL DEFAULT false,
    status text NOT NULL CHECK (status IN ('open', 'accepted', 'rejected')),
    reply text,
    correction jsonb,
    replied_at timestamptz,
    replied_by text,
    overdue_at timestamptz,
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX objections_resource ON objections(resource_code, status)`.execute(db);
  await sql`CREATE INDEX objections_provider ON objections(provider_department_id, status)`.execute(db);
  await sql`CREATE INDEX objections_consumer ON objections(consumer_department_id, status)`.execute(db);

  await sql`CREATE TABLE disputes (
    id text PRIMARY KEY,
    subject_type text NOT NULL CHECK (subject_type IN ('application', 'objection')),
    subject_id text NOT NULL,
    consumer_department_id text NOT NULL REFERENCES departments(id),
    provider_department_id text NOT NULL REFERENCES departments(id),
    region_code text NOT NULL REFERENCES regions(code),
    opened_by_department_id text NOT NULL REFERENCES departments(id),
    statement text NOT NULL,
    status text NOT NULL CHECK (status IN ('negotiation', 'office_coordination', 'office_decided', 'leading_group', 'resolved', 'ruled')),
    step_started_on date NOT NULL,
    step_due date,
    office_decision text,
    office_decided_at timestamptz,
    office_decided_by text,
    ruling text,
    ruled_at timestamptz,
    ruled_by text,
    closed_at timestamptz,
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  // One open dispute per subject; a closed one stays as the record.
  await sql`CREATE UNIQUE INDEX disputes_open_subject ON disputes(subject_type, subject_id) WHERE status NOT IN ('resolved', 'ruled')`.execute(db);
  await sql`CREATE INDEX disputes_status ON disputes(status, step_due)`.execute(db);

  // Dated history of every workflow object (applications, objections, disputes): what the detail pages show.
  await sql`CREATE TABLE workflow_events (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject_type text NOT NULL,
    subject_id text NOT NULL,
    at timestamptz NOT NULL DEFAULT now(),
    action text NOT NULL,
    actor_id text,
    actor_name text,
    department_id text,
    text text,
    detail jsonb
  )`.execute(db);
  await sql`CREATE INDEX workflow_events_subject ON workflow_events(subject_type, subject_id, id)`.execute(db);

  await sql`CREATE TABLE notifications (
    id text PRIMARY KEY,
    kind text NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    subject_type text,
    subject_id text,
    user_id text,
    department_id text,
    region_code text,
    role text,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX notifications_user ON notifications(user_id, created_at)`.execute(db);
  await sql`CREATE INDEX notifications_department ON notifications(department_id, role, created_at)`.execute(db);
  await sql`CREATE INDEX notifications_role ON notifications(role, region_code, created_at)`.execute(db);
  await sql`CREATE TABLE notification_reads (
    notification_id text NOT NULL REFERENCES notifications(id),
    user_id text NOT NULL,
    read_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (notification_id, user_id)
  )`.execute(db);
  await sql`CREATE TABLE notification_deliveries (
    id text PRIMARY KEY,
    notification_id text NOT NULL REFERENCES notifications(id),
    channel text NOT NULL CHECK (channel IN ('webhook', 'email')),
    target text NOT NULL,
    address text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until timestamptz,
    last_error text,
    sent_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX notification_deliveries_due ON notification_deliveries(status, next_attempt_at)`.execute(db);
  await sql`CREATE TABLE department_notify_settings (
    department_id text PRIMARY KEY REFERENCES departments(id),
    email text,
    webhook_url text,
    webhook_secret text,
    updated_by text,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);

  // Each reminder or overdue notice once: two sweeps racing insert the same key, one of them wins.
  await sql`CREATE TABLE reminders_sent (
    kind text NOT NULL,
    subject_type text NOT NULL,
    subject_id text NOT NULL,
    deadline date NOT NULL,
    sent_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, subject_type, subject_id, deadline)
  )`.execute(db);

  await sql`CREATE TABLE scheduler_runs (
    job text PRIMARY KEY,
    last_started_at timestamptz,
    last_finished_at timestamptz,
    last_error text,
    last_result jsonb
  )`.execute(db);
}
