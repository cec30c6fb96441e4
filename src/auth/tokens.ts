import { createHash, randomBytes } from 'node:crypto';

/** Bearer tokens and client secrets are 256 random bits; only their SHA-256 is stored. */
export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

// A fast hash is right here (not scrypt): the input is 256 random bits, so there is nothing to brute-force.
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
