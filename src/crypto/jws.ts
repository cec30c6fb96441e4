import type { PrivateKey, PublicKey, SigningSuite } from './suite.js';

/**
 * Compact JWS (RFC 7515 §7.1): BASE64URL(header) "." BASE64URL(payload) "." BASE64URL(signature), the signature over
 * the ASCII of the first two parts. Written here rather than with `jose` because `jose` cannot sign SM2 and is async;
 * Ed25519 tokens made here verify with `jose` (tested in ticket-sign.test.ts).
 */
export const MAX_JWS_LENGTH = 16 * 1024;

export interface ParsedJws {
  header: Record<string, unknown>;
  payload: unknown;
  signingInput: Uint8Array;
  signature: Uint8Array;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

export function signCompact(suite: SigningSuite, key: PrivateKey, header: Record<string, unknown>, payload: unknown): string {
  const h = Buffer.from(JSON.stringify({ ...header, alg: suite.alg })).toString('base64url');
  const p = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const input = `${h}.${p}`;
  return `${input}.${Buffer.from(suite.sign(Buffer.from(input, 'ascii'), key)).toString('base64url')}`;
}

/** Splits and decodes a compact JWS; undefined when it is not one (too long, wrong shape, not JSON objects). */
export function parseCompact(token: string): ParsedJws | undefined {
  if (token.length > MAX_JWS_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p))) return undefined;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as unknown;
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as unknown;
    if (!isObject(header) || !isObject(payload)) return undefined;
    return { header, payload, signingInput: Buffer.from(`${h}.${p}`, 'ascii'), signature: Buffer.from(s, 'base64url') };
  } catch {
    return undefined;
  }
}

/** Verifies a parsed JWS against a pinned key; the header's `alg` must be the suite's (no algorithm negotiation). */
export function verifyParsed(suite: SigningSuite, key: PublicKey, jws: ParsedJws): boolean {
  return jws.header.alg === suite.alg && suite.verify(jws.signingInput, jws.signature, key);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
