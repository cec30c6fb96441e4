import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root, stopAll } from './lib.js';
import { benchBus } from './bus.js';
import { renderReport } from './report.js';

/**
 * `npm run bench`: every benchmark in one run, ratios against baselines measured in the same run, then
 * bench/results/latest.json and the generated part of docs/performance.md. `npm run bench -- bus|audit|catalog-search`
 * runs one; BENCH_QUICK=1 shrinks every size (a smoke run, not a measurement).
 */
const quick = process.env.BENCH_QUICK === '1';
if (quick) {
  process.env.BENCH_PEOPLE ??= '20000';
  process.env.BENCH_BULK_ROWS ??= '200000';
  process.env.BENCH_ROUNDS ??= '1';
  process.env.BENCH_SECONDS ??= '3';
  process.env.BENCH_CONNECTIONS ??= '1,50';
}
const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version, quick, engine: process.env.DATABASE_URL ? 'postgres' : 'postgres (local default)' };
const only = process.argv[2];

/** The other benchmarks are scripts of their own (each prints its table): one run per size, for the scaling curves. */
const SCRIPTS: Array<{ name: string; runs: string[][] }> = [
  { name: 'audit', runs: quick ? [['--append', '10000', '--verify', '10000']] : [['--append', '10000', '--verify', '10000'], ['--append', '100000', '--verify', '100000'], ['--append', '200000', '--verify', '1000000']] },
  { name: 'catalog-search', runs: quick ? [['1000']] : [['1000'], ['10000'], ['100000']] },
];

try {
  if (!only || only === 'bus') results.bus = await benchBus();
  for (const { name, runs } of SCRIPTS) {
    if (only && only !== name) continue;
    const file = path.join(root, 'bench', `${name}.ts`);
    if (!fs.existsSync(file)) continue;
    const outs = [];
    for (const args of runs) {
      process.stderr.write(`\n== ${name} ${args.join(' ')} ==\n`);
      const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { cwd: root, env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
      process.stdout.write(r.stdout ?? '');
      outs.push({ args, exitCode: r.status, output: (r.stdout ?? '').trim().split('\n') });
    }
    results[name] = outs;
  }
} finally {
  stopAll();
}
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'latest.json'), JSON.stringify(results, null, 2));
if (!only && !quick) renderReport(results, path.join(root, 'docs', 'performance.md'));
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
process.exit(0);
