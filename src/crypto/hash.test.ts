import { describe, expect, it } from 'vitest';
import { deriveKey, digestHex, hmacHex } from './hash.js';
import { open, seal } from './seal.js';

describe('hashes (known answers)', () => {
  it('SM3("abc") is the GB/T 32905 example A.1', () => {
    expect(digestHex('sm3', 'abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0');
  });
  it('SM3 of the 512-bit message of GB/T 32905 example A.2', () => {
    expect(digestHex('sm3', 'abcd'.repeat(16))).toBe('debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732');
  });
  it('SHA-256("abc") is the FIPS 180-2 example', () => {
    expect(digestHex('sha256', 'abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
  it('HMAC and HKDF work with both hashes and separate keys by info', () => {
    const key = Buffer.alloc(32, 7);
    expect(hmacHex('sm3', key, 'x')).toHaveLength(64);
    expect(hmacHex('sha256', key, 'x')).not.toBe(hmacHex('sm3', key, 'x'));
    expect(deriveKey('sm3', key, 'a').equals(deriveKey('sm3', key, 'b'))).toBe(false);
    expect(deriveKey('sha256', key, 'a')).toHaveLength(32);
  });
});

describe('seal/open', () => {
  for (const suite of ['intl', 'gm'] as const) {
    it(`${suite}: round trip, and refuses a flipped bit, another aad or another key`, () => {
      const key = deriveKey(suite === 'gm' ? 'sm3' : 'sha256', Buffer.alloc(32, 1), 'cursor');
      const box = seal(suite, key, Buffer.from('{"k":[42]}'), 'res-1');
      expect(open(suite, key, box, 'res-1')?.toString()).toBe('{"k":[42]}');
      expect(open(suite, key, box, 'res-2')).toBeUndefined();
      expect(open(suite, Buffer.alloc(32, 9), box, 'res-1')).toBeUndefined();
      const raw = Buffer.from(box, 'base64url');
      raw[raw.length - 20]! ^= 1;
      expect(open(suite, key, raw.toString('base64url'), 'res-1')).toBeUndefined();
      expect(open(suite, key, 'AAAA', 'res-1')).toBeUndefined();
    });
  }
});
