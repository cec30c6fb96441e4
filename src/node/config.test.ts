import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNodeConfig, parseNodeConfig } from './config.js';
import { keygen } from './keygen.js';

const base = {
  platformUrl: 'https://share.sc.gov.cn', nodeId: 'node-51-gat', platformPublicKey: '-----BEGIN PUBLIC KEY-----x', listen: '0.0.0.0:8443', keyFile: 'node.key',
  sources: [{ name: 'rk', type: 'postgres', url: 'postgres://ro@db/rk' }],
  resources: [{ code: '101001001/000123', source: 'rk', table: 'rk.person', key: ['身份证号'], items: { 身份证号: 'sfzh', 姓名: 'xm' } }],
};
const parse = (over: Record<string, unknown>) => () => parseNodeConfig({ ...base, ...over }, '/etc/govshare');

describe('node configuration', () => {
  it('fills defaults and resolves paths and keys', () => {
    const c = parseNodeConfig(base, '/etc/govshare');
    expect(c.listen).toEqual({ host: '0.0.0.0', port: 8443 });
    expect(c.keyFile).toBe('/etc/govshare/node.key');
    expect(c.eventLog).toBe('/etc/govshare/node-events.ndjson');
    expect(c.resources[0]).toMatchObject({ keyColumns: ['sfzh'], compare: { distinguishNotFound: false, maxBatch: 10_000, minKeyBits: 32, keySets: [['身份证号']] } });
    expect(parseNodeConfig({ ...base, listen: '[::1]:9000' }, '/').listen).toEqual({ host: '::1', port: 9000 });
  });

  it('says clearly what is wrong', () => {
    const msg = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return (err as Error & { messageEn: string; code: string }).code + ': ' + (err as { messageEn: string }).messageEn;
      }
      return 'ok';
    };
    expect(msg(parse({ listen: '8443' }))).toBe('NODE_CONFIG_INVALID: Node configuration listen must be "host:port", got "8443"');
    expect(msg(parse({ sources: [{ name: 'rk', type: 'oracle', url: 'x' }] }))).toContain('sources[0].type must be one of postgres|mysql|csv|xlsx|pglite|http');
    expect(msg(parse({ sources: [{ name: 'rk', type: 'mysql', url: 'postgres://x' }] }))).toContain('sources[0].url must be a mysql: or mariadb: URL');
    expect(msg(parse({ resources: [{ ...base.resources[0], source: 'nope' }] }))).toContain('resources[0].source names no source ("nope")');
    expect(msg(parse({ resources: [{ ...base.resources[0], masks: { 姓名: 'reveal' } }] }))).toContain('resources[0].masks.姓名 is not a mask');
    expect(msg(parse({ resources: [{ ...base.resources[0], table: undefined }] }))).toContain('resources[0].table must be a non-empty string');
    expect(msg(parse({ resources: [{ ...base.resources[0], colour: 'red' }] }))).toContain('resources[0].colour is not a known field');
    expect(msg(parse({ resources: [base.resources[0], base.resources[0]] }))).toContain('serves "101001001/000123" twice');
    expect(msg(parse({ sources: [{ name: 'rk', type: 'postgres', url: 'postgres://u:${NOT_SET_ANYWHERE}@db/x' }] }))).toContain('environment variable NOT_SET_ANYWHERE');
    expect(msg(parse({ resources: [{ ...base.resources[0], items: { a: 'x\u0000y' } }] }))).toContain('is not a usable identifier');
  });

  it('reads a file, and says when it is not JSON', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-cfg-'));
    try {
      fs.writeFileSync(path.join(dir, 'node.json'), JSON.stringify(base));
      expect(loadNodeConfig(path.join(dir, 'node.json')).configDir).toBe(dir);
      fs.writeFileSync(path.join(dir, 'bad.json'), '{ nodeId: ');
      expect(() => loadNodeConfig(path.join(dir, 'bad.json'))).toThrow(expect.objectContaining({ messageEn: expect.stringContaining('is not valid JSON') }));
      expect(() => loadNodeConfig(path.join(dir, 'missing.json'))).toThrow(expect.objectContaining({ code: 'NODE_CONFIG_INVALID' }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('keygen', () => {
  it.each(['intl', 'gm'] as const)('%s: writes the private key 0600, returns the public PEM, never overwrites', (suite) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-key-'));
    try {
      const out = path.join(dir, 'node.key');
      const pub = keygen(out, suite);
      expect(pub).toMatch(/^-----BEGIN PUBLIC KEY-----/);
      expect(fs.readFileSync(out, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----/);
      expect(fs.statSync(out).mode & 0o777).toBe(0o600);
      expect(() => keygen(out, suite)).toThrow(expect.objectContaining({ code: 'KEY_FILE_EXISTS' }));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
