import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testKeys } from './test-helpers.js';

/** The commands as an operator runs them: `govshare node keygen --out F` and `govshare node --config F`. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsx = path.join(root, 'node_modules/.bin/tsx');
const cli = path.join(root, 'src/cli.ts');

describe('govshare node (CLI)', () => {
  it('keygen writes the key 0600 and prints the public key; the node starts from a config file and answers /healthz', { timeout: 90_000 }, async () => {
    const keys = testKeys('intl');
    try {
      const keyFile = path.join(keys.dir, 'own.key');
      const pub = execFileSync(tsx, [cli, 'node', 'keygen', '--out', keyFile], { encoding: 'utf8' });
      expect(pub).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
      fs.writeFileSync(path.join(keys.dir, 'people.csv'), 'id,name\n1,a\n');
      fs.writeFileSync(path.join(keys.dir, 'platform.pem'), keys.platformPublicPem);
      const config = path.join(keys.dir, 'node.json');
      fs.writeFileSync(config, JSON.stringify({
        platformUrl: 'http://127.0.0.1:1', nodeId: 'cli-node', platformPublicKey: 'platform.pem', listen: '127.0.0.1:0', keyFile: 'own.key', logLevel: 'warn',
        sources: [{ name: 'f', type: 'csv', path: '.' }], resources: [{ code: 'R', source: 'f', file: 'people.csv', key: ['id'], items: { 编号: 'id', 名称: 'name' } }],
      }));
      const child = spawn(tsx, [cli, 'node', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const url = await new Promise<string>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (d: Buffer) => {
            out += d.toString();
            const m = /at (http:\/\/\S+)/.exec(out);
            if (m) resolve(m[1]!);
          });
          child.on('exit', (code) => reject(new Error(`node exited ${code}: ${out}`)));
        });
        const health = await (await fetch(`${url}/healthz`)).json();
        expect(health).toMatchObject({ status: 'ok', nodeId: 'cli-node', sources: [{ name: 'f', status: 'up' }] });
      } finally {
        child.kill('SIGTERM');
      }
    } finally {
      keys.cleanup();
    }
  });
});
