import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { masterKeyOf, SecretBox, type MasterKey } from '../crypto/secrets.js';
import { DomainError } from '../errors.js';

export const MASTER_KEY_FILE = 'master.key';

function badKey(name: string): DomainError {
  return new DomainError('MASTER_KEY_INVALID', 400, `${name} 应为 32 字节密钥的 base64 或 64 位十六进制`,
    `${name} must be a 32-byte key in base64 or as 64 hex digits`);
}

/** A 32-byte key written as 64 hex digits or base64 (what `openssl rand -base64 32` prints). */
export function parseMasterKey(text: string, name: string): MasterKey {
  const t = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (bytes.length !== 32) throw badKey(name);
  return masterKeyOf(bytes);
}

/**
 * The key file in the data directory: created on first start with mode 0600 (link() makes two instances that
 * start together agree on one file), refused when others can read it. The trade-off (docs/security.md): the file
 * sits on the same host as the data directory, so it protects database dumps and backups of the database, not a
 * copy of the whole host; GOVSHARE_MASTER_KEY from a secret store keeps the key off the disk.
 */
function keyFromFile(dataDir: string): MasterKey {
  const file = path.join(dataDir, MASTER_KEY_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.writeFileSync(tmp, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    try {
      fs.linkSync(tmp, file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  const mode = fs.statSync(file).mode & 0o077;
  if (mode !== 0 && process.platform !== 'win32') {
    throw new DomainError('MASTER_KEY_FILE_EXPOSED', 400, `${file} 可被其他用户读取（权限应为 0600），平台拒绝启动`,
      `${file} is readable by other users (it must be mode 0600); refusing to start`);
  }
  return parseMasterKey(fs.readFileSync(file, 'utf8'), file);
}

/** The secret box of this platform: the master key from GOVSHARE_MASTER_KEY, else from the data directory's key file. */
export function secretBoxFromConfig(config: Pick<Config, 'crypto' | 'dataDir' | 'security'>): SecretBox {
  const { masterKey, masterKeyPrevious } = config.security;
  const current = masterKey ? parseMasterKey(masterKey, 'GOVSHARE_MASTER_KEY') : keyFromFile(config.dataDir);
  const previous = masterKeyPrevious.map((k) => parseMasterKey(k, 'GOVSHARE_MASTER_KEY_PREVIOUS'));
  return new SecretBox(config.crypto, current, previous);
}
