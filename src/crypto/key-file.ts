import { createPrivateKey } from 'node:crypto';
import { DomainError } from '../errors.js';
import type { SuiteName } from './suite.js';

/**
 * Private keys on disk encrypted with a passphrase: standard encrypted PKCS#8 (PBES2, PBKDF2-HMAC-SHA256), so
 * `openssl pkey` reads them too. The cipher follows the suite: AES-256-CBC (intl) or SM4-CBC (gm). PBES2 is
 * encrypt-only (no MAC); a wrong passphrase or a changed file fails to decrypt or to parse and is refused.
 */
export function isEncryptedPem(pem: string): boolean {
  return pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----');
}

export function encryptPrivatePem(pem: string, passphrase: string, suite: SuiteName): string {
  if (passphrase.length < 12) {
    throw new DomainError('KEY_PASSPHRASE_TOO_SHORT', 400, '私钥口令至少 12 个字符', 'The key passphrase needs at least 12 characters');
  }
  return createPrivateKey(pem).export({ type: 'pkcs8', format: 'pem', cipher: suite === 'gm' ? 'sm4-cbc' : 'aes-256-cbc', passphrase }).toString();
}

/** The plain PKCS#8 PEM of an encrypted one (the same bytes `keygen` produced before encrypting). */
export function decryptPrivatePem(pem: string, passphrase: string, file: string): string {
  try {
    return createPrivateKey({ key: pem, format: 'pem', passphrase }).export({ type: 'pkcs8', format: 'pem' }).toString();
  } catch {
    throw new DomainError('KEY_PASSPHRASE_WRONG', 400, `无法解密私钥 ${file}：口令错误或文件已损坏`, `Cannot decrypt the private key ${file}: wrong passphrase or a damaged file`);
  }
}
