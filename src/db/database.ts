import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, Migrator, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { DomainError } from '../errors.js';
import { migrations } from './migrations/index.js';
import { pgliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
/** A function that may run inside or outside a transaction takes either. */
export type DbOrTx = Db | Tx;

export interface DbHandle {
  db: Db;
  engine: 'postgres' | 'pglite';
  close(): Promise<void>;
}

const INT8 = 20;
const DATE = 1082;
const NUMERIC = 1700;
// One set of type rules on both engines: int8 (counts, sequence numbers) as JS numbers (all < 2^53),
// civil dates as 'YYYY-MM-DD' strings (never shifted by the host time zone).
const parseInt8 = (v: string) => Number(v);
const parseDate = (v: string) => v;
pg.types.setTypeParser(INT8, parseInt8);
pg.types.setTypeParser(DATE, parseDate);
pg.types.setTypeParser(NUMERIC, (v: string) => Number(v));

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; undefined or 'memory://' for an in-memory database (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
}

export async function openDatabase(opts: OpenOptions): Promise<DbHandle> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    pool.on('error', () => { /* an idle client lost its connection; the pool replaces it */ });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }
  const memory = !opts.dataDir || opts.dataDir === 'memory://';
  let unlock: (() => Promise<void>) | undefined;
  if (!memory) unlock = await lockDataDir(opts.dataDir!);
  try {
    const pglite = await PGlite.create(memory ? undefined : opts.dataDir, {
      parsers: { [pgliteTypes.INT8]: parseInt8, [pgliteTypes.DATE]: parseDate, [NUMERIC]: (v: string) => Number(v) },
    });
    const db = new Kysely<Database>({ dialect: pgliteDialect(pglite) });
    return {
      db,
      engine: 'pglite',
      close: async () => {
        await db.destroy();
        await unlock?.();
      },
    };
  } catch (err) {
    await unlock?.();
    throw err;
  }
}

/**
 * PGlite allows one process per data directory. The lock is a sibling folder kept fresh by its owner,
 * so a second process gets a clear message and a crashed owner's lock goes stale instead of blocking forever.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return await lockfile.lock(dataDir, { lockfilePath: path.join(dataDir, '..', `.${path.basename(dataDir)}.lock`), stale: 15_000, update: 5_000 });
  } catch (err) {
    if ((err as { code?: string }).code === 'ELOCKED') {
      throw new DomainError('DATA_DIR_LOCKED', 409,
        `数据目录 ${dataDir} 正被另一个 govshare 进程使用（嵌入式数据库只允许一个进程）。请先停止该进程，或设置 DATABASE_URL 使用 PostgreSQL。`,
        `The data directory ${dataDir} is in use by another govshare process (the embedded database allows one process). Stop it first, or set DATABASE_URL to use PostgreSQL.`);
    }
    throw err;
  }
}

/** Runs every pending migration. Kysely's migrator takes a lock row, so two instances starting at once are safe. */
export async function migrate(db: Db): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const why = error instanceof Error ? error.message : String(error ?? failed?.migrationName);
    throw new DomainError('MIGRATION_FAILED', 503, `数据库迁移失败：${why}`, `Database migration failed: ${why}`);
  }
}

/**
 * A transaction-scoped lock named by a string, shared by every platform instance on the database
 * (audit appender, bootstrap, scheduler jobs). Released at commit or rollback.
 */
export async function advisoryLock(tx: Tx, name: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`govshare:${name}`}))`.execute(tx);
}
