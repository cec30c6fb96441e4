import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';

export const root = path.resolve(import.meta.dirname, '..');

/** A child process of this repo's CLI (`govshare …` from source), stopped when the bench ends. */
export function govshare(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  // BENCH_PROFILE=DIR: each govshare process writes a V8 CPU profile there on exit (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', path.join(root, 'src/cli.ts'), ...args], {
    cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start:\n${out}`)), 60_000);
    // Until ready, output is collected to find the address; after, it goes to a file: a child's log must not cost
    // the load generator CPU (a growing string scanned per chunk once took 14 % of it) nor block on a full pipe.
    const logFile = fs.createWriteStream(path.join(os.tmpdir(), `govshare-bench-${args[0]}-${process.pid}-${children.length}.log`));
    let started = false;
    const onData = (d: Buffer) => {
      if (started) { logFile.write(d); return; }
      out += d.toString();
      const m = ready.exec(out);
      if (m) { started = true; clearTimeout(timer); resolve({ child, match: m }); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${args.join(' ')} exited ${code}:\n${out}`)); });
  });
}

export const children: ChildProcess[] = [];
export function stopAll(): void {
  for (const c of children) c.kill('SIGTERM');
}
process.on('exit', stopAll);

export async function freshDatabase(base: string, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface LoadResult { rps: number; p50: number; p99: number; errors: number; non2xx: number }

export async function load(opts: autocannon.Options): Promise<LoadResult> {
  const r = await autocannon({ connections: 10, duration: 8, ...opts });
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export function which(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
}

export async function api<T>(base: string, method: string, url: string, token: string | undefined, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api/v1${url}`, {
    method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
