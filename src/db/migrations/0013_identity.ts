import { sql, type Kysely } from 'kysely';

// Identity hardening (issue 7 item 7, docs/security.md): sessions a user can list and revoke, password history,
// the TOTP second factor and its recovery codes.
export async function up(db: Kysely<unknown>): Promise<void> {
  // A session is shown and revoked by this id; the token hash is never sent back out.
  await sql`ALTER TABLE sessions
    ADD COLUMN id text NOT NULL DEFAULT gen_random_uuid()::text,
    ADD COLUMN ip text,
    ADD COLUMN user_agent text,
    ADD COLUMN last_seen_at timestamptz,
    ADD COLUMN mfa_pending boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE UNIQUE INDEX sessions_id ON sessions (id)`.execute(db);
  await sql`CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN password_changed_at timestamptz`.execute(db);
  // Earlier password hashes (scrypt), so a new password cannot be one of the last N.
  await sql`CREATE TABLE password_history (
    user_id text NOT NULL REFERENCES users(id),
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  await sql`CREATE INDEX password_history_user ON password_history (user_id, created_at DESC)`.execute(db);
  // The TOTP secret must be readable to check codes: it is sealed with the master key (src/crypto/secrets.ts).
  await sql`CREATE TABLE user_totp (
    user_id text PRIMARY KEY REFERENCES users(id),
    secret_sealed text NOT NULL,
    confirmed_at timestamptz,
    last_step bigint,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  // Recovery codes are random: stored as SHA-256 hashes, each usable once.
  await sql`CREATE TABLE user_recovery_codes (
    user_id text NOT NULL REFERENCES users(id),
    code_hash text NOT NULL,
    used_at timestamptz,
    PRIMARY KEY (user_id, code_hash)
  )`.execute(db);
}
