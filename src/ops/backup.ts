import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, sql } from 'kysely';
import lockfile from 'proper-lockfile';
import { chainHead } from '../audit/audit.store.js';
import type { LogVerifyResult } from '../audit/log-verifier.js';
import { verifyStoredLog } from '../audit/verify.service.js';
import type { Config } from '../config.js';
import { openDatabase, type Db } from '../db/database.js';
import { pgliteDialect } from '../db/pglite-dialect.js';
import type { Database } from '../db/schema.js';
import { DomainError } from '../errors.js';
import { MASTER_KEY_FILE } from '../keys/master-key.js';
import { backupError, readBackup, writeBackup, type BackupManifest } from './backup.format.js';

type Cfg = Pick<Config, 'databaseUrl' | 'dataDir' | 'crypto' | 'security'>;

const DB_PG = 'database.pgdump';
const DB_PGLITE = 'database.pglite.tar.gz';
const KEY = 'keys/master.key';
const ARCHIVES = 'audit-archives/';

export interface BackupResult { file: string; manifest: BackupManifest }
export interface RestoreResult { manifest: BackupManifest; verify: LogVerifyResult; archivesRestored: number; archivesSkipped: number }

/** A passphrase long enough that the scrypt-derived key is not the weak point. */
export function checkPassphrase(p: string | undefined): string {
  if (!p || p.length < 12) {
    throw backupError('BACKUP_PASSPHRASE_REQUIRED', '需要至少 12 个字符的备份口令（--passphrase-file 或 GOVSHARE_BACKUP_PASSPHRASE）',
      'A backup passphrase of at least 12 characters is needed (--passphrase-file or GOVSHARE_BACKUP_PASSPHRASE)');
  }
  return p;
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    fs.createReadStream(file).on('data', (d) => h.update(d)).on('end', () => resolve(h.digest('hex'))).on('error', reject);
  });
}

/** Runs a PostgreSQL client tool (pg_dump, pg_restore); its stderr becomes the message of a coded error. */
function runTool(tool: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT'
      ? backupError('BACKUP_TOOL_MISSING', `找不到 ${tool}：请安装与服务器同版本或更新的 PostgreSQL 客户端（postgresql-client）`, `${tool} not found: install the PostgreSQL client tools (postgresql-client), the server's version or newer`)
      : e));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(backupError('BACKUP_TOOL_FAILED', `${tool} 失败：${err.trim()}`, `${tool} failed: ${err.trim()}`))));
  });
}

/**
 * The embedded database's directory, locked exactly as src/db/database.ts locks it (same lock path), so a backup or
 * restore never runs while `govshare serve` has it open: it gets DATA_DIR_LOCKED instead.
 */
async function withPglite<T>(dataDir: string, loadDataDir: Blob | undefined, fn: (pg: PGlite, db: Db) => Promise<T>): Promise<T> {
  fs.mkdirSync(dataDir, { recursive: true });
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, { lockfilePath: path.join(dataDir, '..', `.${path.basename(dataDir)}.lock`), stale: 15_000, update: 5_000 });
  } catch (err) {
    if ((err as { code?: string }).code === 'ELOCKED') {
      throw new DomainError('DATA_DIR_LOCKED', 409, `数据目录 ${dataDir} 正被 govshare 进程使用：嵌入式数据库请先停止平台再备份或恢复`,
        `The data directory ${dataDir} is in use by a govshare process: stop the platform before backing up or restoring the embedded database`);
    }
    throw err;
  }
  try {
    const pg = await PGlite.create({ dataDir, ...(loadDataDir ? { loadDataDir } : {}) });
    const db = new Kysely<Database>({ dialect: pgliteDialect(pg) });
    try {
      return await fn(pg, db);
    } finally {
      await db.destroy();
    }
  } finally {
    await release();
  }
}

async function describe(db: Db): Promise<{ migrations: string[]; auditHead: { seq: number; hash: string } | null }> {
  const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  const head = await chainHead(db);
  return { migrations: rows.rows.map((r) => r.name), auditHead: head ? { seq: Number(head.seq), hash: head.hash } : null };
}

/** The master key this platform uses: GOVSHARE_MASTER_KEY, else the key file in the data directory (if any yet). */
function masterKeyText(cfg: Cfg): string | undefined {
  if (cfg.security.masterKey) return `${cfg.security.masterKey}\n`;
  const file = path.join(cfg.dataDir, MASTER_KEY_FILE);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

/**
 * `govshare backup --out FILE`: the database (PostgreSQL: pg_dump custom format, online and consistent; PGlite:
 * its data directory dump, platform stopped), the master key, and the audit archive files of `archivesDir`, in one
 * file encrypted with the passphrase.
 */
export async function backup(cfg: Cfg, opts: { out: string; passphrase: string; archivesDir?: string | undefined }): Promise<BackupResult> {
  const passphrase = checkPassphrase(opts.passphrase);
  if (fs.existsSync(opts.out)) throw backupError('BACKUP_EXISTS', `${opts.out} 已存在，请换一个文件名`, `${opts.out} already exists; choose another name`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-backup-'));
  try {
    const files: Array<{ name: string; file: string; sha256: string }> = [];
    const add = async (name: string, file: string) => files.push({ name, file, sha256: await sha256File(file) });
    let info: Awaited<ReturnType<typeof describe>>;
    let engine: 'postgres' | 'pglite';
    if (cfg.databaseUrl) {
      engine = 'postgres';
      const h = await openDatabase({ databaseUrl: cfg.databaseUrl, poolSize: 1 });
      try { info = await describe(h.db); } finally { await h.close(); }
      const dump = path.join(tmp, DB_PG);
      await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${dump}`, `--dbname=${cfg.databaseUrl}`]);
      await add(DB_PG, dump);
    } else {
      engine = 'pglite';
      if (!fs.existsSync(path.join(cfg.dataDir, 'PG_VERSION'))) throw backupError('BACKUP_NO_DATABASE', `${cfg.dataDir} 中没有数据库`, `No database in ${cfg.dataDir}`);
      const dump = path.join(tmp, DB_PGLITE);
      info = await withPglite(cfg.dataDir, undefined, async (pg, db) => {
        const d = await describe(db);
        fs.writeFileSync(dump, Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer()));
        return d;
      });
      await add(DB_PGLITE, dump);
    }
    const key = masterKeyText(cfg);
    if (key !== undefined) {
      fs.writeFileSync(path.join(tmp, 'master.key'), key, { mode: 0o600 });
      await add(KEY, path.join(tmp, 'master.key'));
    }
    if (opts.archivesDir) {
      if (!fs.existsSync(opts.archivesDir)) throw backupError('BACKUP_ARCHIVES_MISSING', `审计归档目录不存在：${opts.archivesDir}`, `No such audit archive directory: ${opts.archivesDir}`);
      for (const name of fs.readdirSync(opts.archivesDir).sort()) {
        const file = path.join(opts.archivesDir, name);
        if (fs.statSync(file).isFile()) await add(`${ARCHIVES}${name}`, file);
      }
    }
    const manifest = await writeBackup(opts.out, passphrase, {
      format: 'govshare-backup', version: 1, createdAt: new Date().toISOString(), engine, crypto: cfg.crypto, ...info,
    }, files);
    return { file: opts.out, manifest };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * `govshare restore FILE`: into an EMPTY target only (a fresh PostgreSQL database, or a PGlite data directory that
 * does not exist yet): never over live data. Then the master key, the archive files, and a full audit verification
 * of the restored chain, whose head must be the one the backup recorded.
 */
export async function restore(cfg: Cfg, opts: { file: string; passphrase: string; archivesDir?: string | undefined }): Promise<RestoreResult> {
  const passphrase = checkPassphrase(opts.passphrase);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-restore-'));
  try {
    const manifest = await readBackup(opts.file, passphrase, tmp);
    const target = cfg.databaseUrl ? 'postgres' : 'pglite';
    if (manifest.engine !== target) {
      throw backupError('BACKUP_ENGINE_MISMATCH', `该备份来自 ${manifest.engine}，不能恢复到 ${target}`, `This backup is of ${manifest.engine} and cannot be restored into ${target}`);
    }
    if (manifest.crypto !== cfg.crypto) {
      throw backupError('BACKUP_CRYPTO_MISMATCH', `该备份使用 GOVSHARE_CRYPTO=${manifest.crypto}，当前配置为 ${cfg.crypto}`, `This backup uses GOVSHARE_CRYPTO=${manifest.crypto}; the current setting is ${cfg.crypto}`);
    }
    const key = manifest.entries.some((e) => e.name === KEY) ? fs.readFileSync(path.join(tmp, KEY), 'utf8') : undefined;
    if (key && cfg.security.masterKey && key.trim() !== cfg.security.masterKey.trim()) {
      throw backupError('MASTER_KEY_MISMATCH', '备份中的主密钥与 GOVSHARE_MASTER_KEY 不同：请使用备份时的主密钥', 'The backup\'s master key differs from GOVSHARE_MASTER_KEY: use the key the backup was made with');
    }
    if (cfg.databaseUrl) {
      const h = await openDatabase({ databaseUrl: cfg.databaseUrl, poolSize: 1 });
      try {
        const t = await sql<{ n: number }>`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`.execute(h.db);
        if (Number(t.rows[0]!.n) > 0) throw backupError('RESTORE_TARGET_NOT_EMPTY', '目标数据库不是空库：请恢复到新建的空数据库', 'The target database is not empty: restore into a newly created, empty database');
      } finally {
        await h.close();
      }
      await runTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${cfg.databaseUrl}`, path.join(tmp, DB_PG)]);
    } else {
      const entries = fs.existsSync(cfg.dataDir) ? fs.readdirSync(cfg.dataDir) : [];
      if (entries.length > 0) throw backupError('RESTORE_TARGET_NOT_EMPTY', `数据目录 ${cfg.dataDir} 不是空的：请恢复到新目录`, `The data directory ${cfg.dataDir} is not empty: restore into a new directory`);
      const blob = new Blob([fs.readFileSync(path.join(tmp, DB_PGLITE))]);
      await withPglite(cfg.dataDir, blob, async (_pg, db) => { await sql`SELECT 1`.execute(db); });
    }
    if (key && !cfg.security.masterKey) {
      const file = path.join(cfg.dataDir, MASTER_KEY_FILE);
      if (fs.existsSync(file) && fs.readFileSync(file, 'utf8').trim() !== key.trim()) {
        throw backupError('MASTER_KEY_MISMATCH', `${file} 已存在且与备份中的主密钥不同`, `${file} exists and differs from the backup's master key`);
      }
      fs.mkdirSync(cfg.dataDir, { recursive: true });
      fs.writeFileSync(file, key, { mode: 0o600 });
      fs.chmodSync(file, 0o600); // a PGlite dump carries the key file too, restored readable by all: the platform would refuse it
    }
    const archived = manifest.entries.filter((e) => e.name.startsWith(ARCHIVES));
    if (opts.archivesDir && archived.length > 0) {
      fs.mkdirSync(opts.archivesDir, { recursive: true });
      for (const e of archived) fs.copyFileSync(path.join(tmp, e.name), path.join(opts.archivesDir, e.name.slice(ARCHIVES.length)));
    }
    const verify = await verifyRestored(cfg, manifest);
    return { manifest, verify, archivesRestored: opts.archivesDir ? archived.length : 0, archivesSkipped: opts.archivesDir ? 0 : archived.length };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Recomputes the restored chain and checks every checkpoint; the head the backup recorded must be in it. */
async function verifyRestored(cfg: Cfg, manifest: BackupManifest): Promise<LogVerifyResult> {
  const h = await openDatabase({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir });
  try {
    const result = await verifyStoredLog(h.db, cfg.crypto === 'gm' ? 'sm3' : 'sha256');
    // An online PostgreSQL backup may hold a few events appended after the head was read: the recorded head must be in it.
    const recorded = manifest.auditHead
      ? await h.db.selectFrom('audit_events').select('hash').where('seq', '=', manifest.auditHead.seq).executeTakeFirst()
      : undefined;
    if (result.ok && manifest.auditHead && recorded?.hash !== manifest.auditHead.hash) {
      throw backupError('RESTORE_AUDIT_HEAD_MISMATCH', '恢复后的审计链末端与备份记录不一致', 'The restored audit chain does not end where the backup recorded');
    }
    return result;
  } finally {
    await h.close();
  }
}
