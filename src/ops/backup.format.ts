import { createCipheriv, createDecipheriv, randomBytes, scrypt as scryptCb, type ScryptOptions } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '../errors.js';

/**
 * The backup file: one file, encrypted as a whole with a passphrase (it holds the master key, the database with
 * personal data and the audit log, so no part of it is left in the clear).
 *
 *   "GOVSHARE-BACKUP 1\n" · header JSON line (scrypt salt and cost, AES-256-GCM IV; authenticated as AAD)
 *   · ciphertext · 16-byte GCM tag
 *
 * The plaintext is a manifest JSON line followed by the entries' bytes in manifest order (sizes and SHA-256 in the
 * manifest). A wrong passphrase or any changed byte fails the tag check before anything is restored.
 */
const MAGIC = 'GOVSHARE-BACKUP 1\n';
const SCRYPT = { N: 2 ** 15, r: 8, p: 1 } as const;

export interface BackupEntry { name: string; size: number; sha256: string }
export interface BackupManifest {
  format: 'govshare-backup';
  version: 1;
  createdAt: string;
  engine: 'postgres' | 'pglite';
  crypto: 'intl' | 'gm';
  migrations: string[];
  auditHead: { seq: number; hash: string } | null;
  entries: BackupEntry[];
}

interface Header { kdf: 'scrypt'; N: number; r: number; p: number; salt: string; cipher: 'aes-256-gcm'; iv: string }

export function backupError(code: string, zh: string, en: string): DomainError {
  return new DomainError(code, 400, zh, en);
}

function scrypt(passphrase: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const opts: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r };
  return new Promise((resolve, reject) => scryptCb(passphrase, salt, 32, opts, (err, key) => (err ? reject(err) : resolve(key))));
}

/** Writes `manifest` and the entry files (name → path) as one encrypted backup file at `out` (mode 0600). */
export async function writeBackup(out: string, passphrase: string, manifest: Omit<BackupManifest, 'entries'>, files: Array<{ name: string; file: string; sha256: string }>): Promise<BackupManifest> {
  const full: BackupManifest = { ...manifest, entries: files.map((f) => ({ name: f.name, size: fs.statSync(f.file).size, sha256: f.sha256 })) };
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const header: Header = { kdf: 'scrypt', ...SCRYPT, salt: salt.toString('base64'), cipher: 'aes-256-gcm', iv: iv.toString('base64') };
  const headerBytes = Buffer.from(`${MAGIC}${JSON.stringify(header)}\n`);
  const cipher = createCipheriv('aes-256-gcm', await scrypt(passphrase, salt, SCRYPT), iv);
  cipher.setAAD(headerBytes);
  const tmp = `${out}.partial`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(fd, headerBytes);
    fs.writeSync(fd, cipher.update(Buffer.from(`${JSON.stringify(full)}\n`)));
    for (const f of files) {
      for await (const chunk of fs.createReadStream(f.file)) fs.writeSync(fd, cipher.update(chunk as Buffer));
    }
    fs.writeSync(fd, cipher.final());
    fs.writeSync(fd, cipher.getAuthTag());
    fs.fsyncSync(fd);
  } catch (err) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, out);
  return full;
}

/** Decrypts a backup into `dir` (the entries as files under their names); returns the manifest. */
export async function readBackup(file: string, passphrase: string, dir: string): Promise<BackupManifest> {
  if (!fs.existsSync(file)) throw backupError('BACKUP_NOT_FOUND', `备份文件不存在：${file}`, `No such backup file: ${file}`);
  const size = fs.statSync(file).size;
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(Math.min(size, 4096));
  fs.readSync(fd, head, 0, head.length, 0);
  const tag = Buffer.alloc(16);
  fs.readSync(fd, tag, 0, 16, Math.max(0, size - 16));
  fs.closeSync(fd);
  const notBackup = backupError('BACKUP_INVALID', `${file} 不是 govshare 备份文件`, `${file} is not a govshare backup file`);
  if (!head.subarray(0, MAGIC.length).equals(Buffer.from(MAGIC))) throw notBackup;
  const end = head.indexOf(10, MAGIC.length);
  if (end < 0) throw notBackup;
  const headerBytes = head.subarray(0, end + 1);
  let header: Header;
  try {
    header = JSON.parse(headerBytes.subarray(MAGIC.length).toString('utf8')) as Header;
  } catch {
    throw notBackup;
  }
  const decipher = createDecipheriv('aes-256-gcm', await scrypt(passphrase, Buffer.from(header.salt, 'base64'), header), Buffer.from(header.iv, 'base64'));
  decipher.setAAD(headerBytes);
  decipher.setAuthTag(tag);
  const plain = path.join(dir, '.plain');
  try {
    await pipeline(fs.createReadStream(file, { start: headerBytes.length, end: size - 17 }), decipher, fs.createWriteStream(plain, { mode: 0o600 }));
  } catch {
    fs.rmSync(plain, { force: true });
    throw backupError('BACKUP_DECRYPT_FAILED', '备份无法解密：口令错误或文件已损坏', 'The backup cannot be decrypted: wrong passphrase or a damaged file');
  }
  // Split the plaintext: the manifest line, then each entry by its size.
  const pfd = fs.openSync(plain, 'r');
  try {
    const first = Buffer.alloc(Math.min(fs.statSync(plain).size, 1 << 20));
    fs.readSync(pfd, first, 0, first.length, 0);
    const nl = first.indexOf(10);
    const manifest = JSON.parse(first.subarray(0, nl).toString('utf8')) as BackupManifest;
    let pos = nl + 1;
    for (const e of manifest.entries) {
      const target = path.join(dir, e.name);
      if (path.relative(dir, target).startsWith('..')) throw notBackup; // names come from an authenticated manifest, but still
      fs.mkdirSync(path.dirname(target), { recursive: true });
      if (e.size === 0) fs.writeFileSync(target, '', { mode: 0o600 });
      else await pipeline(fs.createReadStream(plain, { start: pos, end: pos + e.size - 1, highWaterMark: 1 << 20 }), fs.createWriteStream(target, { mode: 0o600 }));
      pos += e.size;
    }
    return manifest;
  } finally {
    fs.closeSync(pfd);
    fs.rmSync(plain, { force: true });
  }
}
