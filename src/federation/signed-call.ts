import { randomUUID } from 'node:crypto';
import { digestHex } from '../crypto/hash.js';
import type { PublicKey, SigningSuite } from '../crypto/suite.js';
import type { PlatformKey } from '../keys/platform-key.js';
import { DomainError } from '../errors.js';

/**
 * Signatures on every platform-to-platform call (SPEC C8), both directions: the sender signs
 * `METHOD \n path \n date \n nonce \n H(body)` with its platform key and names itself by region code. The receiver
 * checks the pinned key of that region, the date within CLOCK_SKEW_SECONDS (a bounded skew is tolerated, a replay a
 * day later is not), and that the nonce is new (the caller stores nonces: see federation.store.ts).
 */
export const CLOCK_SKEW_SECONDS = 300;
export const H = { platform: 'x-govshare-platform', date: 'x-govshare-date', nonce: 'x-govshare-nonce', signature: 'x-govshare-signature' } as const;

function canonical(suite: SigningSuite, method: string, path: string, date: string, nonce: string, body: string): Uint8Array {
  return Buffer.from(`${method.toUpperCase()}\n${path}\n${date}\n${nonce}\n${digestHex(suite.hash, body)}`, 'utf8');
}

export function signCall(keys: PlatformKey, region: string, method: string, path: string, body: string, now = new Date()): Record<string, string> {
  const date = now.toISOString();
  const nonce = randomUUID();
  const sig = keys.suite.sign(canonical(keys.suite, method, path, date, nonce, body), keys.key);
  return { [H.platform]: region, [H.date]: date, [H.nonce]: nonce, [H.signature]: Buffer.from(sig).toString('base64url') };
}

export interface SignedHeaders { region: string; date: string; nonce: string; signature: string }

const refused = (code: string, zh: string, en: string) => new DomainError(code, 401, zh, en);

export function signedHeaders(headers: Record<string, string | string[] | undefined>): SignedHeaders {
  const get = (k: string) => { const v = headers[k]; return typeof v === 'string' ? v : undefined; };
  const region = get(H.platform); const date = get(H.date); const nonce = get(H.nonce); const signature = get(H.signature);
  if (!region || !date || !nonce || !signature || nonce.length > 100) throw refused('PLATFORM_SIGNATURE_MISSING', '平台间调用缺少签名', 'A platform-to-platform call must be signed');
  return { region, date, nonce, signature };
}

/** Checks time and signature (not the nonce: the caller records it, once per instance group). */
export function verifyCall(suite: SigningSuite, key: PublicKey, h: SignedHeaders, method: string, path: string, body: string, now = new Date()): void {
  const at = Date.parse(h.date);
  if (!Number.isFinite(at) || Math.abs(now.getTime() - at) > CLOCK_SKEW_SECONDS * 1000) {
    throw refused('PLATFORM_CLOCK_SKEW', `平台间调用的时间超出允许偏差（${CLOCK_SKEW_SECONDS} 秒），请校准两侧时钟`, `The call's date is more than ${CLOCK_SKEW_SECONDS} s from this platform's clock`);
  }
  let ok = false;
  try {
    ok = suite.verify(canonical(suite, method, path, h.date, h.nonce, body), Buffer.from(h.signature, 'base64url'), key);
  } catch { ok = false; }
  if (!ok) throw refused('PLATFORM_SIGNATURE_INVALID', '平台间调用签名无效', 'The platform signature does not verify');
}
