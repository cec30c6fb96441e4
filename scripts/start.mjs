// `npm start`: builds what is missing or stale (server and web), then runs the platform with demo data on the
// embedded database (`govshare demo`). A second start with nothing changed skips the build.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}

function stale(outFile, ...srcDirs) {
  const out = path.join(root, outFile);
  if (!fs.existsSync(out)) return true;
  const built = fs.statSync(out).mtimeMs;
  return srcDirs.some((d) => newest(path.join(root, d)) > built);
}

function run(script) {
  process.stdout.write(`> npm run ${script}\n`);
  const r = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (stale('dist/src/cli.js', 'src')) {
  run('build:server');
  fs.utimesSync(path.join(root, 'dist/src/cli.js'), new Date(), new Date());
}
if (stale('web/dist/index.html', 'web/src')) run('build:web');

const child = spawn(process.execPath, [path.join(root, 'dist/src/cli.js'), 'demo', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
