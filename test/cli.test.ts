import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/database.js';

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
  });

  it('serves, locks the data directory, and verifies the audit chain', async () => {
    const child = spawn(tsx, [path.join(root, 'src/cli.ts'), 'serve'], {
      env: { ...baseEnv, PORT: '0', HOST: '127.0.0.1', GOVSHARE_ADMIN_PASSWORD: 'Cli@Test2026' } as NodeJS.ProcessEnv,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no start: ${out}`)), 45_000);
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
  });
});
