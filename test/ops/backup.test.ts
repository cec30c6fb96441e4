import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyStoredLog } from '../../src/audit/verify.service.js';
import { loadConfig } from '../../src/config.js';
import { seedDemo } from '../../src/demo/seed.js';
import { MASTER_KEY_FILE } from '../../src/keys/master-key.js';
import { openPlatform } from '../../src/platform.js';
import { ADMIN_PASSWORD, freshPostgres, openWhere, root, whereEnv, type Where } from './deployment.js';

// The restore drill (issue 11 item 4), as an operator runs it: `govshare backup` of a platform's database, master key
// and audit archives; `govshare restore` into a fresh database; the audit chain verifies and the platform opens on it.
// PGlite by default; PostgreSQL (pg_dump / pg_restore) on fresh databases when DATABASE_URL is set.
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-ops-backup-'));
const passFile = path.join(dir, 'passphrase');
const dropAll: Array<() => Promise<void>> = [];
let source: Where;
let target: Where;
const keyDir = { source: path.join(dir, 'source-data'), target: path.join(dir, 'target-data') };

function cli(args: string[], where: Where, data: string) {
  const env = { ...process.env, DATABASE_URL: '', GOVSHARE_DATA: data, GOVSHARE_SCRYPT_COST: '14', LOG_LEVEL: 'warn', ...whereEnv(where) };
  const r = spawnSync(tsx, [path.join(root, 'src/cli.ts'), ...args], { env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

async function where(name: 'source' | 'target'): Promise<Where> {
  if (!process.env.DATABASE_URL) return { dataDir: keyDir[name] };
  const db = await freshPostgres(process.env.DATABASE_URL);
  dropAll.push(db.drop);
  return { databaseUrl: db.url };
}

async function counts(w: Where) {
  const h = await openWhere(w);
  try {
    const n = async (t: 'users' | 'departments' | 'catalog_resources' | 'audit_events') => Number((await h.db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return { users: await n('users'), departments: await n('departments'), resources: await n('catalog_resources'), audit: await n('audit_events') };
  } finally {
    await h.close();
  }
}

beforeAll(async () => {
  fs.writeFileSync(passFile, 'correct horse battery staple\n', { mode: 0o600 });
  source = await where('source');
  target = await where('target');
  const config = loadConfig({ GOVSHARE_ADMIN_PASSWORD: ADMIN_PASSWORD, GOVSHARE_SCRYPT_COST: '14', LOG_LEVEL: 'silent', GOVSHARE_DATA: keyDir.source, ...whereEnv(source) });
  const p = await openPlatform(config, { handle: await openWhere(source), logger: false });
  try {
    await seedDemo(p.ctx);
    const login = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
    expect(login.statusCode).toBe(200);
    await p.ctx.audit.checkpoint();
  } finally {
    await p.close();
  }
  fs.mkdirSync(path.join(dir, 'archives'));
  fs.writeFileSync(path.join(dir, 'archives', 'manifest.json'), '{"months":[]}\n');
}, 180_000);

afterAll(async () => {
  for (const d of dropAll) await d();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore drill', () => {
  const file = path.join(dir, 'govshare.backup');

  it('backs up into one encrypted file and refuses a short passphrase', () => {
    // The passphrase from a config file (govshare --config FILE): read, validated, and too short.
    const cfg = path.join(dir, 'ops.json');
    fs.writeFileSync(cfg, JSON.stringify({ GOVSHARE_BACKUP_PASSPHRASE: 'short' }));
    const refused = cli(['--config', cfg, 'backup', '--out', file], source, keyDir.source);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('BACKUP_PASSPHRASE_REQUIRED');

    const r = cli(['backup', '--out', file, '--passphrase-file', passFile, '--archives', path.join(dir, 'archives')], source, keyDir.source);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/backup written: .*keys\/master\.key, audit-archives\/manifest\.json/);
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 17).toString()).toBe('GOVSHARE-BACKUP 1');
    const key = fs.readFileSync(path.join(keyDir.source, MASTER_KEY_FILE), 'utf8').trim();
    expect(bytes.includes(Buffer.from(key))).toBe(false); // the key material is not in the clear
    expect(bytes.includes(Buffer.from('admin'))).toBe(false);
    expect(fs.statSync(file).mode & 0o077).toBe(0);
  }, 120_000);

  it('refuses a wrong passphrase before touching the target', () => {
    const wrong = path.join(dir, 'wrong');
    fs.writeFileSync(wrong, 'not the passphrase at all\n');
    const r = cli(['restore', file, '--passphrase-file', wrong], target, keyDir.target);
    expect(r.code).toBe(2);
    expect(r.err).toContain('BACKUP_DECRYPT_FAILED');
  }, 120_000);

  it('restores into a fresh database: data, master key, archives, and an intact audit chain', async () => {
    const restoredArchives = path.join(dir, 'restored-archives');
    const r = cli(['restore', file, '--passphrase-file', passFile, '--archives', restoredArchives], target, keyDir.target);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toMatch(/audit chain intact: \d+ events, [1-9]\d* checkpoints/);
    expect(await counts(target)).toEqual(await counts(source));
    expect(fs.readFileSync(path.join(keyDir.target, MASTER_KEY_FILE), 'utf8')).toBe(fs.readFileSync(path.join(keyDir.source, MASTER_KEY_FILE), 'utf8'));
    expect(fs.statSync(path.join(keyDir.target, MASTER_KEY_FILE)).mode & 0o077).toBe(0);
    expect(fs.readFileSync(path.join(restoredArchives, 'manifest.json'), 'utf8')).toBe('{"months":[]}\n');

    // The platform opens on the restored database with the restored key (sealed secrets open) and its users sign in.
    const config = loadConfig({ GOVSHARE_SCRYPT_COST: '14', LOG_LEVEL: 'silent', GOVSHARE_DATA: keyDir.target, ...whereEnv(target) });
    const p = await openPlatform(config, { handle: await openWhere(target), logger: false });
    try {
      const login = await p.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: ADMIN_PASSWORD } });
      expect(login.statusCode, login.body).toBe(200);
      await p.ctx.audit.checkpoint();
      const v = await verifyStoredLog(p.ctx.db, 'sha256');
      expect(v.ok, JSON.stringify(v)).toBe(true); // the restored chain goes on
    } finally {
      await p.close();
    }
  }, 180_000);

  it('never restores over a database that has data', () => {
    const r = cli(['restore', file, '--passphrase-file', passFile], source, keyDir.source);
    expect(r.code).toBe(2);
    expect(r.err).toContain('RESTORE_TARGET_NOT_EMPTY');
  }, 120_000);
});
