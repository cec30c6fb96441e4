import { createHash, randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/**
 * TOTP second factor (RFC 6238) through `otpauth`: SHA-1, 6 digits, 30 s — what every authenticator app reads
 * from an otpauth:// URI. One step either side is accepted for clock drift; a code's step is remembered so the
 * same code cannot be used twice (replay).
 */
export const TOTP_ISSUER = '政务信息资源共享平台';
const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, username: string): TOTP {
  return new TOTP({ issuer: TOTP_ISSUER, label: username, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

export function totpUri(secretBase32: string, username: string): string {
  return totp(secretBase32, username).toString();
}

/** The time step the code belongs to, or undefined when it matches none of now-1 … now+1. */
export function checkTotp(secretBase32: string, code: string, now: Date): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const timestamp = now.getTime();
  const delta = totp(secretBase32, '').validate({ token: code, timestamp, window: 1 });
  if (delta === null) return undefined;
  return Math.floor(timestamp / 1000 / PERIOD) + delta;
}

/** Ten single-use recovery codes `xxxxx-xxxxx` (base32, 50 bits each); only their hashes are stored. */
export function newRecoveryCodes(): string[] {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz023456789'; // 32 symbols: no bias, no i/l/o/1
  return Array.from({ length: 10 }, () => {
    const b = randomBytes(10);
    const s = Array.from(b, (x) => alphabet[x % alphabet.length]).join('');
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.trim().toLowerCase()).digest('hex');
}

export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{5}-[a-z0-9]{5}$/i.test(code.trim());
}
