import { createCipheriv, randomBytes } from 'node:crypto';
import { sm4 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { decryptPrivatePem, encryptPrivatePem, isEncryptedPem } from './key-file.js';
import { masterKeyOf, SecretBox } from './secrets.js';
import { signingSuite } from './suite.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('SM4 known answers', () => {
  // GB/T 32907-2016 Appendix A example 1 (also GM/T 0002-2012): key = plaintext = 0123456789abcdeffedcba9876543210.
  const key = hex('0123456789abcdeffedcba9876543210');
  it('reproduces the GB/T 32907 / GM/T 0002 block with Node and with sm-crypto-v2', () => {
    const c = createCipheriv('sm4-ecb', key, null).setAutoPadding(false);
    expect(Buffer.concat([c.update(key), c.final()]).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
    expect(Buffer.from(sm4.encrypt(key, key, { padding: 'none', output: 'array' })).toString('hex')).toBe('681edf34d206965e86b3e94f536e4246');
  });

  it('reproduces the RFC 8998 Appendix A.1 SM4-GCM vector (the AEAD used for gm secrets)', () => {
    const r = sm4.encrypt(hex('AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA'),
      key, { mode: 'gcm', iv: hex('00001234567800000000ABCD'), associatedData: hex('FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2'), output: 'array', outputTag: true });
    expect(Buffer.from(r.output).toString('hex')).toBe('17f399f08c67d5ee19d0dc9969c4bb7d5fd46fd3756489069157b282bb200735d82710ca5c22f0ccfa7cbf93d496ac15a56834cbcf98c397b4024a2691233b8d');
    expect(Buffer.from(r.tag!).toString('hex')).toBe('83de3541e4c2b58177e065a9bf7b62ec');
  });
});

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof DomainError ? err.code : String(err);
  }
  return 'no error';
};

describe.each(['intl', 'gm'] as const)('%s secret box', (suite) => {
  const k1 = masterKeyOf(randomBytes(32));
  const k2 = masterKeyOf(randomBytes(32));
  const box = new SecretBox(suite, k1);

  it('seals with a fresh data key each time, names the algorithm and key, and opens only in its context', () => {
    const a = box.seal('whs_secret-value', 'notify:webhook_secret:d1');
    const b = box.seal('whs_secret-value', 'notify:webhook_secret:d1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('secret-value');
    expect(a.startsWith(`gsenc:1:${suite === 'gm' ? 'SM4GCM' : 'A256GCM'}:${k1.id}:`)).toBe(true);
    expect(box.open(a, 'notify:webhook_secret:d1')).toBe('whs_secret-value');
    expect(code(() => box.open(a, 'notify:webhook_secret:d2'))).toBe('SECRET_UNREADABLE');
  });

  it('refuses a flipped bit, an unknown master key, and garbage', () => {
    const a = box.seal('秘密', 'ctx');
    const parts = a.split(':');
    const body = Buffer.from(parts[5]!, 'base64url');
    body[14]! ^= 1;
    parts[5] = body.toString('base64url');
    expect(code(() => box.open(parts.join(':'), 'ctx'))).toBe('SECRET_UNREADABLE');
    expect(code(() => new SecretBox(suite, k2).open(a, 'ctx'))).toBe('MASTER_KEY_MISMATCH');
    expect(code(() => box.open('gsenc:1:nonsense', 'ctx'))).toBe('SECRET_UNREADABLE');
  });

  it('opens values of a previous master key so they can be re-wrapped, and tells which are current', () => {
    const old = box.seal('v', 'ctx');
    const rotated = new SecretBox(suite, k2, [k1]);
    expect(rotated.isCurrent(old)).toBe(false);
    expect(rotated.open(old, 'ctx')).toBe('v');
    const again = rotated.seal(rotated.open(old, 'ctx'), 'ctx');
    expect(rotated.isCurrent(again)).toBe(true);
    expect(new SecretBox(suite, k2).open(again, 'ctx')).toBe('v');
  });

  it('encrypts a private key file with a passphrase (PKCS#8) and reads it back identically', () => {
    const pair = signingSuite(suite).generateKeyPair();
    const enc = encryptPrivatePem(pair.privatePem, 'correct horse battery', suite);
    expect(isEncryptedPem(enc)).toBe(true);
    expect(enc).not.toContain(pair.privatePem.split('\n')[1]);
    expect(decryptPrivatePem(enc, 'correct horse battery', 'node.key')).toBe(pair.privatePem);
    expect(code(() => decryptPrivatePem(enc, 'wrong horse battery', 'node.key'))).toBe('KEY_PASSPHRASE_WRONG');
    expect(code(() => encryptPrivatePem(pair.privatePem, 'short', suite))).toBe('KEY_PASSPHRASE_TOO_SHORT');
  });
});
