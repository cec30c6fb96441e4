import fs from 'node:fs';
import { signingSuite, type SuiteName } from '../crypto/suite.js';
import { DomainError } from '../errors.js';
import { encryptPrivatePem } from '../crypto/key-file.js';

/**
 * `govshare node keygen --out FILE`: a new node key pair. The private key goes to FILE (PKCS#8 PEM, mode 0600,
 * never overwritten); the public key (SPKI PEM) is returned for stdout, to register the node with the platform.
 */
export function keygen(out: string, suite: SuiteName, passphrase?: string): string {
  const pair = signingSuite(suite).generateKeyPair();
  // With a passphrase the file is an encrypted PKCS#8 (src/crypto/key-file.ts); the node asks for it at start.
  const content = passphrase === undefined ? pair.privatePem : encryptPrivatePem(pair.privatePem, passphrase, suite);
  try {
    fs.writeFileSync(out, content, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new DomainError('KEY_FILE_EXISTS', 409, `${out} 已存在，不会覆盖；如需更换密钥请先移走旧文件`, `${out} exists and is not overwritten; move the old key away first to rotate it`);
    }
    throw new DomainError('KEY_FILE_UNWRITABLE', 400, `无法写入 ${out}（${code}）`, `Cannot write ${out} (${code})`);
  }
  fs.chmodSync(out, 0o600); // the umask cannot widen it
  return pair.publicPem;
}
