import fs from 'node:fs';
import path from 'node:path';
import { root, stopAll } from './lib.js';
import { benchBus } from './bus.js';

/** `npm run bench`: every benchmark in one run, ratios against baselines measured in the same run. */
const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version, engine: process.env.DATABASE_URL ? 'postgres' : 'postgres (local default)' };
const only = process.argv[2];
try {
  if (!only || only === 'bus') results.bus = await benchBus();
  for (const extra of ['audit', 'catalog-search']) {
    if (only && only !== extra) continue;
    const file = path.join(root, 'bench', `${extra}.ts`);
    if (!fs.existsSync(file)) continue;
    const mod = (await import(file)) as { run?: () => Promise<unknown> };
    if (mod.run) results[extra] = await mod.run();
  }
} finally {
  stopAll();
}
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'latest.json'), JSON.stringify(results, null, 2));
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
process.exit(0);
