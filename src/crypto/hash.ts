import { createHash, createHmac, hkdfSync } from 'node:crypto';

/** Hash functions of the two suites: SHA-256 (intl) and SM3 (gm, GB/T 32905). Both come from Node's OpenSSL. */
export type HashAlg = 'sha256' | 'sm3';

export function digest(alg: HashAlg, data: string | Uint8Array): Buffer {
  return createHash(alg).update(data).digest();
}

export function digestHex(alg: HashAlg, data: string | Uint8Array): string {
  return createHash(alg).update(data).digest('hex');
}

/** Keyed hash (HMAC-SHA256 / HMAC-SM3), hex. */
export function hmacHex(alg: HashAlg, key: Uint8Array, data: string | Uint8Array): string {
  return createHmac(alg, key).update(data).digest('hex');
}

/** HKDF (RFC 5869) with the suite's hash: one secret, several independent keys, each named by `info`. */
export function deriveKey(alg: HashAlg, secret: Uint8Array, info: string, length = 32): Buffer {
  return Buffer.from(hkdfSync(alg, secret, Buffer.alloc(0), info, length));
}
