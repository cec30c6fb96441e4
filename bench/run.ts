import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { root, stopAll } from './lib.js';
import { benchBus } from './bus.js';

/** `npm run bench`: every benchmark in one run, ratios against baselines measured in the same run. */
const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version, engine: process.env.DATABASE_URL ? 'postgres' : 'postgres (local default)' };
const only = process.argv[2];
try {
  if (!only || only === 'bus') results.bus = await benchBus();
  // The other benchmarks are scripts of their own (each prints its table); run them in turn, in this run.
  for (const [extra, args] of [['audit', []], ['catalog-search', ['100000']]] as const) {
    if (only && only !== extra) continue;
    const file = path.join(root, 'bench', `${extra}.ts`);
    if (!fs.existsSync(file)) continue;
    process.stderr.write(`\n== ${extra} ==\n`);
    const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { cwd: root, env: process.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
    process.stdout.write(r.stdout ?? '');
    results[extra] = { exitCode: r.status, output: (r.stdout ?? '').trim().split('\n') };
  }
} finally {
  stopAll();
}
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'latest.json'), JSON.stringify(results, null, 2));
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
process.exit(0);
