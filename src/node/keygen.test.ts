import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { signingSuite } from '../crypto/suite.js';
import { keygen } from './keygen.js';
import { readKeyFile } from './runtime.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-keygen-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const log = pino({ level: 'silent' });

describe.each(['intl', 'gm'] as const)('node key file encrypted with a passphrase (%s)', (suite) => {
  it('keygen --passphrase-env writes an encrypted PKCS#8 (0600) that the node opens with GOVSHARE_NODE_KEY_PASSPHRASE', () => {
    const file = path.join(dir, `${suite}.key`);
    const publicPem = keygen(file, suite, 'a long node passphrase');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('BEGIN ENCRYPTED PRIVATE KEY');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const saved = process.env.GOVSHARE_NODE_KEY_PASSPHRASE;
    try {
      delete process.env.GOVSHARE_NODE_KEY_PASSPHRASE;
      expect(() => readKeyFile(file, log)).toThrow(expect.objectContaining({ code: 'NODE_CONFIG_INVALID' }));
      process.env.GOVSHARE_NODE_KEY_PASSPHRASE = 'not the passphrase';
      expect(() => readKeyFile(file, log)).toThrow(expect.objectContaining({ code: 'KEY_PASSPHRASE_WRONG' }));
      process.env.GOVSHARE_NODE_KEY_PASSPHRASE = 'a long node passphrase';
      const pem = readKeyFile(file, log);
      const s = signingSuite(suite);
      const key = s.privateKey(pem);
      expect(key.publicPem).toBe(publicPem);
      expect(s.verify(Buffer.from('x'), s.sign(Buffer.from('x'), key), s.publicKey(publicPem))).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.GOVSHARE_NODE_KEY_PASSPHRASE;
      else process.env.GOVSHARE_NODE_KEY_PASSPHRASE = saved;
    }
  });
});
