import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SuiteName } from './suite.js';

/**
 * Authenticated encryption of small node-held state (paging cursors) with a 32-byte key.
 * intl: AES-256-GCM. gm: SM4-CTR then HMAC-SM3 over (aad, iv, ciphertext), encrypt-then-MAC, because Node's OpenSSL
 * has no SM4-GCM (SECURITY-NOTES.md). Output: base64url(iv | ciphertext | 16-byte tag).
 */
const TAG = 16;

export function seal(suite: SuiteName, key: Buffer, plaintext: Buffer, aad: string): string {
  if (suite === 'gm') {
    const iv = randomBytes(16);
    const c = createCipheriv('sm4-ctr', key.subarray(0, 16), iv);
    const ct = Buffer.concat([c.update(plaintext), c.final()]);
    return Buffer.concat([iv, ct, gmTag(key, aad, iv, ct)]).toString('base64url');
  }
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([iv, ct, c.getAuthTag()]).toString('base64url');
}

/** The plaintext, or undefined when the box was altered, made with another key or for another aad. */
export function open(suite: SuiteName, key: Buffer, box: string, aad: string): Buffer | undefined {
  const raw = Buffer.from(box, 'base64url');
  const ivLen = suite === 'gm' ? 16 : 12;
  if (raw.length < ivLen + TAG) return undefined;
  const iv = raw.subarray(0, ivLen);
  const ct = raw.subarray(ivLen, raw.length - TAG);
  const tag = raw.subarray(raw.length - TAG);
  try {
    if (suite === 'gm') {
      if (!timingSafeEqual(tag, gmTag(key, aad, iv, ct))) return undefined;
      const d = createDecipheriv('sm4-ctr', key.subarray(0, 16), iv);
      return Buffer.concat([d.update(ct), d.final()]);
    }
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(ct), d.final()]);
  } catch {
    return undefined;
  }
}

function gmTag(key: Buffer, aad: string, iv: Buffer, ct: Buffer): Buffer {
  const aadBytes = Buffer.from(aad);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(aadBytes.length);
  return createHmac('sm3', key.subarray(16, 32)).update(len).update(aadBytes).update(iv).update(ct).digest().subarray(0, TAG);
}
