import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../src/audit/audit.service.js';
import { migrate, openDatabase } from '../src/db/database.js';
import { loadPlatformKey } from '../src/keys/platform-key.js';

// The govshare command as an operator runs it: real processes on an embedded data directory.
const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-cli-'));
const baseEnv = { ...process.env, GOVSHARE_DATA: dataDir, GOVSHARE_SCRYPT_COST: '14', LOG_LEVEL: 'warn' } as Record<string, string | undefined>;
delete baseEnv.DATABASE_URL; // this file is about the embedded database and its lock

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(tsx, [path.join(root, 'src/cli.ts'), ...args], { env: { ...baseEnv, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('govshare command', () => {
  it('refuses an audit retention below two years', () => {
    const r = cli(['serve'], { GOVSHARE_AUDIT_RETENTION_DAYS: '365' });
    expect(r.code).toBe(2);
    expect(r.err).toContain('AUDIT_RETENTION_TOO_SHORT');
    expect(r.err).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
  }, 60_000);

  it('serves, locks the data directory, and verifies the audit chain', async () => {
    const child = spawn(tsx, [path.join(root, 'src/cli.ts'), 'serve'], {
      env: { ...baseEnv, PORT: '0', HOST: '127.0.0.1', GOVSHARE_ADMIN_PASSWORD: 'Cli@Test2026' } as NodeJS.ProcessEnv,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 90_000);
      child.stdout.on('data', () => {
        const m = /running at (http:\/\/[\d.:]+)/.exec(out);
        if (m) { clearTimeout(timer); resolve(m[1]!); }
      });
    });
    try {
      const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Cli@Test2026' }) });
      expect(login.status).toBe(200);
      const second = cli(['audit', 'verify']);
      expect(second.code).toBe(2);
      expect(second.err).toContain('DATA_DIR_LOCKED');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
    const ok = cli(['audit', 'verify']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/intact: \d+ events/);

    const h = await openDatabase({ dataDir });
    await sql`UPDATE audit_events SET outcome = 'failure' WHERE seq = 2`.execute(h.db);
    await h.close();
    const bad = cli(['audit', 'verify']);
    expect(bad.code).toBe(3);
    expect(bad.out).toContain('first bad seq 2');
  }, 180_000);
});

describe('govshare audit archive and offline verification (Art. 33)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'govshare-cli-archive-'));
  const data = path.join(dir, 'data');
  const out = path.join(dir, 'archive');
  const env = { GOVSHARE_DATA: data };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('archives months past the retention, verifies them offline, and catches a tampered file', async () => {
    // Events from 2023 in a data directory, written by the appender with its clock set back.
    const h = await openDatabase({ dataDir: data });
    await migrate(h.db);
    const keys = await loadPlatformKey(h.db, 'intl', 'govshare:province:510000');
    let clock = new Date('2023-01-05T00:00:00Z');
    const log = new AuditLog(h.db, 'sha256', { signer: keys, checkpointSeconds: 0, clock: () => clock });
    for (let i = 0; i < 40; i++) {
      clock = new Date(Date.parse('2023-01-05T00:00:00Z') + i * 2 * 86_400_000); // 2023-01-05 … 2023-03-25
      await log.record({ action: 'test.cli.archive', objectId: String(i) });
    }
    await log.checkpoint();
    await h.close();
    fs.writeFileSync(path.join(dir, 'platform.pem'), keys.publicPem);

    const young = cli(['audit', 'archive', '--before', '2023-03', '--out', out], { ...env, GOVSHARE_AUDIT_RETENTION_DAYS: '36500' });
    expect(young.code).toBe(2);
    expect(young.err).toContain('AUDIT_RETENTION_NOT_REACHED');

    const archived = cli(['audit', 'archive', '--before', '2023-03', '--out', out], env);
    expect(archived.code, archived.err).toBe(0);
    expect(archived.out).toMatch(/2023-01 {2}\d+ events {2}audit-2023-01\.ndjson\.gz {2}\(partition dropped\)/);
    expect(archived.out).toContain('manifest');

    const again = cli(['audit', 'archive', '--before', '2023-03', '--out', out], env);
    expect(again.code).toBe(2);
    expect(again.err).toContain('AUDIT_ARCHIVE_EXISTS');

    const db = cli(['audit', 'verify'], env);
    expect(db.code, db.out + db.err).toBe(0);
    expect(db.out).toMatch(/intact: \d+ events, \d+ signed checkpoints/);

    // Offline: no database, only the files and the pinned key (another machine would have just these).
    const offline = cli(['audit', 'verify', '--archive', out, '--public-key', path.join(dir, 'platform.pem')], { GOVSHARE_DATA: path.join(dir, 'nowhere') });
    expect(offline.code, offline.out + offline.err).toBe(0);
    expect(offline.out).toContain('archive intact');
    expect(fs.existsSync(path.join(dir, 'nowhere'))).toBe(false);

    const file = path.join(out, 'audit-2023-02.ndjson.gz');
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"kind":"event"'));
    lines[i] = lines[i]!.replace('test.cli.archive', 'test.cli.forged');
    fs.writeFileSync(file, zlib.gzipSync(lines.join('\n')));
    const bad = cli(['audit', 'verify', '--archive', file]);
    expect(bad.code).toBe(3);
    expect(bad.out).toMatch(/TAMPERED at seq \d+ \(hash\)/);
  }, 300_000); // seven CLI processes, each starting tsx and the embedded database
});
