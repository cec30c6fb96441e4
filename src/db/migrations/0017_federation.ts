import { sql, type Kysely } from 'kysely';

// Federation (SPEC C8, Art. 12/14): city platforms connected to the province platform, and the nonces of signed
// platform-to-platform calls (replay protection shared by every instance).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE platforms (
    id text PRIMARY KEY,
    region_code text NOT NULL UNIQUE REFERENCES regions(code),
    name text NOT NULL,
    url text NOT NULL,
    public_key text NOT NULL,
    fingerprint text NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'active', 'suspended')),
    status_reason text,
    requested_at timestamptz NOT NULL DEFAULT now(),
    decided_by text,
    decided_at timestamptz,
    last_seen_at timestamptz,
    version text
  )`.execute(db);
  await sql`CREATE TABLE federation_nonces (
    nonce text PRIMARY KEY,
    expires_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX federation_nonces_expiry ON federation_nonces (expires_at)`.execute(db);
}
