import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createECDH } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { signingSuite, suiteOfPem } from './suite.js';
import { SM2_USER_ID, sm2PrivateFromPem, sm2PublicFromPem, sm2PublicPemFromHex } from './sm2.js';

const msg = Buffer.from('政务信息资源共享 ticket bytes');

describe.each(['intl', 'gm'] as const)('%s signing suite', (name) => {
  const suite = signingSuite(name);
  const pair = suite.generateKeyPair();
  const priv = suite.privateKey(pair.privatePem);
  const pub = suite.publicKey(pair.publicPem);

  it('signs and verifies; refuses a changed message, a flipped signature bit, another key', () => {
    const sig = suite.sign(msg, priv);
    expect(suite.verify(msg, sig, pub)).toBe(true);
    expect(suite.verify(Buffer.from('other'), sig, pub)).toBe(false);
    const bad = Buffer.from(sig);
    bad[bad.length - 3]! ^= 0x10;
    expect(suite.verify(msg, bad, pub)).toBe(false);
    expect(suite.verify(msg, Buffer.alloc(3), pub)).toBe(false);
    const other = suite.publicKey(suite.generateKeyPair().publicPem);
    expect(suite.verify(msg, sig, other)).toBe(false);
  });

  it('derives the public key from the private key and recognises its own PEM', () => {
    expect(priv.publicPem).toBe(pub.pem);
    expect(suiteOfPem(pair.publicPem)).toBe(name);
    expect(suiteOfPem(pair.privatePem)).toBe(name);
  });

  it('refuses a key of the other suite', () => {
    const otherPem = signingSuite(name === 'gm' ? 'intl' : 'gm').generateKeyPair().publicPem;
    expect(() => suite.publicKey(otherPem)).toThrow();
  });
});

describe('SM2 known answers and interoperability', () => {
  it('reproduces the GB/T 32918 example signature (d, k and "message digest" from the standard)', () => {
    const d = '3945208f7b2144b13f36e38ac6d39f95889393692860b51a42fb81ef4df7c5b8';
    const k = '59276E27D506861A16680F3AD9C02DCCEF3CC1FA3CDBE4CE6D54B80DEAC1BC21';
    const ecdh = createECDH('SM2');
    ecdh.setPrivateKey(Buffer.from(k, 'hex'));
    const x1 = BigInt(`0x${ecdh.getPublicKey('hex').slice(2, 66)}`);
    const sig = sm2.doSignature('message digest', d, { der: false, hash: true, userId: SM2_USER_ID, pointPool: [{ k: BigInt(`0x${k}`), x1 }] });
    expect(sig.toUpperCase()).toBe('F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3'
      + 'B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA');
    const pub = sm2.getPublicKeyFromPrivateKey(d);
    expect(pub.toUpperCase()).toBe('0409F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020'
      + 'CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13');
    const verifyKey = signingSuite('gm').publicKey(sm2PublicPemFromHex(pub));
    // our DER encoding of the same signature verifies through the suite
    const der = sm2.doSignature('message digest', d, { der: true, hash: true, userId: SM2_USER_ID, pointPool: [{ k: BigInt(`0x${k}`), x1 }] });
    expect(signingSuite('gm').verify(Buffer.from('message digest'), Buffer.from(der, 'hex'), verifyKey)).toBe(true);
  });

  it('a signature made through the gm suite verifies with the independent `sm-crypto` library', () => {
    const require = createRequire(import.meta.url);
    const old = (require('sm-crypto') as { sm2: { doVerifySignature(m: string, s: string, p: string, o: object): boolean } }).sm2;
    const suite = signingSuite('gm');
    const pair = suite.generateKeyPair();
    const sig = Buffer.from(suite.sign(Buffer.from('hello govshare'), suite.privateKey(pair.privatePem))).toString('hex');
    const pubHex = sm2PublicFromPem(pair.publicPem).hex;
    const opts = { der: true, hash: true, userId: SM2_USER_ID };
    expect(old.doVerifySignature('hello govshare', sig, pubHex, opts)).toBe(true);
    expect(old.doVerifySignature('hello govsharE', sig, pubHex, opts)).toBe(false);
    expect(sm2PrivateFromPem(pair.privatePem).publicHex).toBe(pubHex);
  });

  const hasOpenssl = (() => {
    try {
      return execFileSync('openssl', ['version'], { encoding: 'utf8' }).startsWith('OpenSSL 3');
    } catch {
      return false;
    }
  })();
  it.runIf(hasOpenssl)('a signature made through the gm suite verifies with the openssl 3 CLI (distid 1234567812345678)', () => {
    const suite = signingSuite('gm');
    const pair = suite.generateKeyPair();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gs-sm2-'));
    try {
      fs.writeFileSync(path.join(dir, 'pub.pem'), pair.publicPem);
      fs.writeFileSync(path.join(dir, 'msg'), msg);
      fs.writeFileSync(path.join(dir, 'sig'), suite.sign(msg, suite.privateKey(pair.privatePem)));
      const out = execFileSync('openssl', ['pkeyutl', '-verify', '-rawin', '-digest', 'sm3', '-pubin', '-inkey', 'pub.pem',
        '-in', 'msg', '-sigfile', 'sig', '-pkeyopt', `distid:${SM2_USER_ID}`], { cwd: dir, encoding: 'utf8' });
      expect(out).toContain('Signature Verified Successfully');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
