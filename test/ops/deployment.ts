import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../../src/config.js';
import { openDatabase, type DbHandle } from '../../src/db/database.js';
import { prepareDemoNodes } from '../../src/demo/nodes.js';
import { DEMO_PASSWORD, seedDemo } from '../../src/demo/seed.js';
import { people } from '../../src/demo/synthetic.js';
import { freePort } from '../../src/net.js';
import { openPlatform } from '../../src/platform.js';

// Helpers of the operations tests: a deployment as an operator has it (a database with the demo organisations and
// catalog, a population node serving a CSV file), and real `govshare serve` processes started on it.

export const root = path.resolve(import.meta.dirname, '..', '..');
export const ADMIN_PASSWORD = 'Ops@Test2026';
/** Every instance of a deployment shares one master key (docs/operations.md): given here, not left to a key file. */
export const MASTER_KEY = Buffer.alloc(32, 42).toString('base64');
export { DEMO_PASSWORD };

/** A fresh PostgreSQL database on the server of DATABASE_URL; `drop` removes it. */
export async function freshPostgres(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `gs_ops_${randomBytes(6).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: baseUrl });
    await c.connect();
    try { await c.query(q); } finally { await c.end(); }
  };
  await admin(`CREATE DATABASE ${name}`); // name made here from hex digits
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** Where a deployment's database is: a PostgreSQL URL, or a PGlite data directory. */
export type Where = { databaseUrl: string } | { dataDir: string };

export const whereEnv = (w: Where): Record<string, string> => ('databaseUrl' in w ? { DATABASE_URL: w.databaseUrl } : { GOVSHARE_DATA: w.dataDir });

export function openWhere(w: Where): Promise<DbHandle> {
  return openDatabase('databaseUrl' in w ? { databaseUrl: w.databaseUrl, poolSize: 3 } : { dataDir: w.dataDir });
}

/**
 * Seeds the demo organisations and catalog into the database, writes a population CSV of `rows` people with one
 * conditional item (婚姻状况) besides the base items, and the config of a node serving it. Returns the resource code
 * and the node config file; the database is closed again (a PGlite directory is free for `govshare serve`).
 */
export async function prepareDeployment(w: Where, dir: string, rows: number, opts: { demo?: boolean } = {}): Promise<{ code: string; nodeConfig: string }> {
  const config = loadConfig({ GOVSHARE_ADMIN_PASSWORD: ADMIN_PASSWORD, GOVSHARE_MASTER_KEY: MASTER_KEY, GOVSHARE_SCRYPT_COST: '14', LOG_LEVEL: 'silent', ...whereEnv(w) }, { demo: opts.demo ?? false });
  const handle = await openWhere(w);
  const platform = await openPlatform(config, { handle, logger: false });
  try {
    await seedDemo(platform.ctx);
    const nodeDir = path.join(dir, 'demo-nodes');
    fs.mkdirSync(nodeDir, { recursive: true });
    const lines = ['id_number,name,gender,ethnicity,birth_date,birthplace,address,marital'];
    let i = 0;
    for (const p of people(rows)) lines.push([p.idNumber, p.name, p.gender, '汉族', p.birthDate, '成都市', p.address.replace(/,/g, ' '), i++ % 3 === 0 ? '20' : '10'].join(','));
    fs.writeFileSync(path.join(nodeDir, 'people.csv'), lines.join('\n') + '\n');
    const nodes = await prepareDemoNodes(platform.ctx, dir, await freePort());
    const gat = nodes.find((n) => n.spec.slug === 'gat');
    if (!gat) throw new Error('the demo catalog has no 人口基础信息 of 省公安厅');
    const nodeConfig = JSON.parse(fs.readFileSync(gat.configFile, 'utf8')) as { resources: Array<{ code: string; items: Record<string, string> }> };
    nodeConfig.resources[0]!.items['婚姻状况'] = 'marital';
    fs.writeFileSync(gat.configFile, JSON.stringify(nodeConfig, null, 2));
    return { code: nodeConfig.resources[0]!.code, nodeConfig: gat.configFile };
  } finally {
    await platform.close();
  }
}

export interface Served {
  url: string;
  child: ChildProcessWithoutNullStreams;
  output(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `govshare serve` (node --import tsx src/cli.ts serve) and waits for its "running at" line. */
export async function serve(env: Record<string, string>): Promise<Served> {
  // node --import tsx, not the tsx CLI: the CLI relays signals to a child process and SIGKILLs it when the child does
  // not acknowledge within 30 ms, which on a busy machine cuts the very drain this tests.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli.ts'), 'serve'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: '', PORT: '0', HOST: '127.0.0.1', GOVSHARE_ADMIN_PASSWORD: ADMIN_PASSWORD, GOVSHARE_MASTER_KEY: MASTER_KEY, GOVSHARE_SCRYPT_COST: '14', LOG_LEVEL: 'warn', ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`govshare serve did not start: ${out}`)), 120_000);
    const check = () => {
      const m = /running at (http:\/\/[\d.:]+)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]!); }
    };
    child.stdout.on('data', check);
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`govshare serve exited ${code}: ${out}`)); });
  });
  return {
    url, child, output: () => out,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function login(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

// Answers are read field by field in the tests; a loose type keeps those assertions short.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function call(url: string, token: string, method: string, p: string, body?: unknown): Promise<{ status: number; requestId: string | null; json: any }> {
  const res = await fetch(`${url}/api/v1${p}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, requestId: res.headers.get('x-request-id'), json: text ? JSON.parse(text) : undefined };
}
