import { sql, type Kysely } from 'kysely';
import { monthsBetween, partitionDdl, shanghaiMonth } from '../../audit/partitions.js';

// Forward-only. Issue 7: signed checkpoints, Merkle proofs, monthly partitions, append-only guard (Art. 33).
export async function up(db: Kysely<unknown>): Promise<void> {
  await partitionAuditEvents(db);

  // One row per signed checkpoint (src/audit/checkpoint.ts). Kept forever: they are small, and they are what proves
  // that an archived month was not dropped silently.
  await sql`CREATE TABLE audit_checkpoints (
    idx bigint PRIMARY KEY,
    first_seq bigint NOT NULL,
    seq bigint NOT NULL UNIQUE,
    size integer NOT NULL CHECK (size > 0),
    merkle_root text NOT NULL,
    chain_head text NOT NULL,
    prev_hash text NOT NULL,
    log_size bigint NOT NULL,
    log_root text NOT NULL,
    at timestamptz NOT NULL,
    hash_alg text NOT NULL,
    sig_alg text NOT NULL,
    key_id text NOT NULL,
    key_fingerprint text NOT NULL,
    hash text NOT NULL UNIQUE,
    signature text NOT NULL
  )`.execute(db);
  // Roots of the perfect subtrees of the checkpoint log (RFC 6962 over checkpoint hashes): a consistency proof
  // between two checkpoints reads O(log n) of these instead of every checkpoint in between.
  await sql`CREATE TABLE audit_checkpoint_nodes (
    level smallint NOT NULL,
    idx bigint NOT NULL,
    hash text NOT NULL,
    PRIMARY KEY (level, idx)
  )`.execute(db);
  // Every public key that ever signed a checkpoint, so verification outlives a key rotation or a suite change.
  await sql`CREATE TABLE audit_keys (
    fingerprint text PRIMARY KEY,
    key_id text NOT NULL,
    sig_alg text NOT NULL,
    public_pem text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);
  // Months moved to archive files before their partition was dropped (govshare audit archive).
  await sql`CREATE TABLE audit_archives (
    month text PRIMARY KEY CHECK (month ~ '^[0-9]{4}-[0-9]{2}$'),
    first_seq bigint,
    last_seq bigint,
    first_prev_hash text,
    last_hash text,
    checkpoint_idx bigint,
    events bigint NOT NULL,
    file text NOT NULL,
    file_sha256 text NOT NULL,
    manifest_sha256 text NOT NULL,
    archived_at timestamptz NOT NULL DEFAULT now()
  )`.execute(db);

  await installGuard(db);
}

/**
 * audit_events becomes a table partitioned by month on `at` (Asia/Shanghai months), rows copied as they are: the
 * chain hashes cover every column, so nothing may be rewritten. PostgreSQL requires the partition key in a unique
 * key, hence PRIMARY KEY (seq, at); `seq` stays unique because one appender assigns it under an advisory lock, the
 * platform's role cannot UPDATE (guard below), and verify reports a duplicate or missing seq as a gap.
 */
async function partitionAuditEvents(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_events RENAME TO audit_events_unpartitioned`.execute(db);
  for (const ix of ['audit_events_pkey', 'audit_events_at', 'audit_events_object', 'audit_events_actor']) {
    await sql`ALTER INDEX IF EXISTS ${sql.id(ix)} RENAME TO ${sql.id(`${ix}_old`)}`.execute(db);
  }
  await sql`CREATE TABLE audit_events (
    seq bigint NOT NULL,
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
    hash text NOT NULL,
    PRIMARY KEY (seq, at)
  ) PARTITION BY RANGE (at)`.execute(db);
  // at grows with seq (the appender keeps it so): a BRIN index serves time ranges for almost nothing per insert.
  await sql`CREATE INDEX audit_events_at ON audit_events USING brin (at)`.execute(db);
  await sql`CREATE INDEX audit_events_object ON audit_events(object_type, object_id)`.execute(db);
  await sql`CREATE INDEX audit_events_actor ON audit_events(actor_id)`.execute(db);

  const range = await sql<{ lo: Date | null; hi: Date | null; n: number }>`
    SELECT min(at) AS lo, max(at) AS hi, count(*)::int AS n FROM audit_events_unpartitioned`.execute(db);
  const { lo, hi, n } = range.rows[0]!;
  const now = new Date();
  const first = lo ? shanghaiMonth(lo.toISOString()) : shanghaiMonth(now.toISOString());
  const last = shanghaiMonth(new Date(Math.max(hi?.getTime() ?? 0, now.getTime())).toISOString());
  for (const month of monthsBetween(first, last, 2)) await partitionDdl(month).execute(db);

  await sql`INSERT INTO audit_events SELECT seq, at, actor_id, actor_name, department_id, action, object_type, object_id,
    outcome, request_id, detail, prev_hash, hash FROM audit_events_unpartitioned ORDER BY seq`.execute(db);
  const copied = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_events`.execute(db);
  if (copied.rows[0]!.n !== n) throw new Error(`audit_events copy incomplete: ${copied.rows[0]!.n} of ${n}`);
  await sql`DROP TABLE audit_events_unpartitioned`.execute(db);
}

/**
 * Append-only on PostgreSQL (Art. 33; docs/audit-proofs.md "Who can change the log"): a trigger refuses UPDATE, DELETE
 * and TRUNCATE of audit rows for every role, the table owner included, with no session switch to turn it off.
 * Archiving does not need one: it drops a whole month's partition (DETACH + DROP, which row triggers do not see) only
 * after the month's archive is written and verified, and records that in audit_archives.
 * A superuser or the owner can still disable the trigger; that is what the hash chain, the signed checkpoints and
 * their copies outside the database are for. Not installed on PGlite: whoever holds its data directory holds the
 * database file itself, and nothing inside the file can stop them.
 */
async function installGuard(db: Kysely<unknown>): Promise<void> {
  const version = await sql<{ v: string }>`SELECT version() AS v`.execute(db);
  if (/PGlite/i.test(version.rows[0]!.v)) return;
  await sql`CREATE FUNCTION govshare_audit_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'govshare: audit records are append-only (Art. 33): % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  // Row level on the partitioned table: PostgreSQL clones it onto every partition, present and future.
  await sql`CREATE TRIGGER audit_immutable BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION govshare_audit_immutable()`.execute(db);
  await sql`CREATE TRIGGER audit_immutable_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION govshare_audit_immutable()`.execute(db);
  const parts = await sql<{ name: string }>`SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'audit_events'::regclass`.execute(db);
  for (const p of parts.rows) {
    await sql`CREATE TRIGGER audit_immutable_truncate BEFORE TRUNCATE ON ${sql.table(p.name)}
      FOR EACH STATEMENT EXECUTE FUNCTION govshare_audit_immutable()`.execute(db);
  }
  for (const t of ['audit_checkpoints', 'audit_checkpoint_nodes', 'audit_keys', 'audit_archives']) {
    await sql`CREATE TRIGGER audit_immutable BEFORE UPDATE OR DELETE OR TRUNCATE ON ${sql.table(t)}
      FOR EACH STATEMENT EXECUTE FUNCTION govshare_audit_immutable()`.execute(db);
  }
}
