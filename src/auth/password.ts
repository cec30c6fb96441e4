import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { DomainError } from '../errors.js';

// scrypt is memory-hard and built into Node: no native addon to build on a government host.
function scrypt(password: string, salt: Buffer, keylen: number, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scryptCb(password, salt, keylen, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

const R = 8;
const P = 1;

export async function hashPassword(password: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const N = 2 ** cost;
  const key = await scrypt(password, salt, 32, { N, r: R, p: P, maxmem: 256 * N * R });
  return `scrypt$${cost}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, costS, rS, pS, saltB64, keyB64] = stored.split('$');
  if (alg !== 'scrypt' || !costS || !rS || !pS || !saltB64 || !keyB64) return false;
  const N = 2 ** Number(costS);
  const r = Number(rS);
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, { N, r, p: Number(pS), maxmem: 256 * N * r });
  return timingSafeEqual(key, expected);
}

/**
 * The password policy (等保 2.0: complexity; docs/security.md): at least `minLength` characters from at least three
 * of four classes, and not containing the username (either case). Whether it is one of the last N is checked
 * against the stored hashes by the caller (session.service.ts changePassword). Each refusal has its own code.
 */
export function checkPasswordPolicy(password: string, opts: { username?: string; minLength?: number } = {}): void {
  const minLength = opts.minLength ?? 10;
  if (password.length < minLength) {
    throw new DomainError('PASSWORD_TOO_SHORT', 400, `密码至少 ${minLength} 位`, `A password needs at least ${minLength} characters`, { minLength });
  }
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) {
    throw new DomainError('PASSWORD_TOO_WEAK', 400,
      '密码须包含大写字母、小写字母、数字、符号中的至少三类',
      'A password needs characters from at least three of: upper case, lower case, digits, symbols');
  }
  const user = opts.username?.trim().toLowerCase();
  if (user && user.length >= 3 && password.toLowerCase().includes(user)) {
    throw new DomainError('PASSWORD_CONTAINS_USERNAME', 400, '密码不得包含用户名', 'A password must not contain the username');
  }
}
