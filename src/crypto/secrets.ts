import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { sm4 } from 'sm-crypto-v2';
import { DomainError } from '../errors.js';

/**
 * Envelope encryption of secrets at rest (SPEC C5, issue 7 item 6). Every value gets its own random data key
 * (DEK); the value is sealed with the DEK, the DEK is sealed with the master key (KEK). What is stored names the
 * algorithm and the master key's id, so a new master key can re-wrap old values (`govshare secrets rotate`).
 *
 * - intl: AES-256-GCM (Node's OpenSSL);
 * - gm:   SM4-GCM (RFC 8998). Node 20's OpenSSL has no sm4-gcm, so it comes from sm-crypto-v2 (tested against the
 *         RFC 8998 vector in secrets.test.ts; the plain SM4 block cipher against GB/T 32907).
 *
 * Stored form: `gsenc:1:<alg>:<kid>:<wrapped DEK>:<sealed value>`, each binary part base64url of iv‖ciphertext‖tag.
 * The value is bound to a context string (where it is stored, e.g. `settings:platform_key:gm`) as associated
 * data, so a ciphertext copied into another row does not open there.
 */
export type SecretAlg = 'A256GCM' | 'SM4GCM';
export const PREFIX = 'gsenc:1:';

export interface MasterKey {
  /** Short fingerprint of the key, stored with each ciphertext (never the key). */
  readonly id: string;
  readonly bytes: Buffer;
}

const IV_LEN = 12;
const TAG_LEN = 16;

export function masterKeyOf(bytes: Buffer): MasterKey {
  if (bytes.length !== 32) throw new Error('a master key is 32 bytes');
  return { id: createHash('sha256').update('govshare-master-key').update(bytes).digest('hex').slice(0, 16), bytes };
}

function aeadSeal(alg: SecretAlg, key: Buffer, plain: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV_LEN);
  if (alg === 'SM4GCM') {
    const r = sm4.encrypt(plain, key, { mode: 'gcm', iv, associatedData: aad, output: 'array', outputTag: true });
    return Buffer.concat([iv, Buffer.from(r.output), Buffer.from(r.tag!)]);
  }
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  return Buffer.concat([iv, c.update(plain), c.final(), c.getAuthTag()]);
}

/** Opens iv‖ct‖tag; undefined when the key is wrong or anything was changed. */
function aeadOpen(alg: SecretAlg, key: Buffer, sealed: Buffer, aad: Buffer): Buffer | undefined {
  if (sealed.length < IV_LEN + TAG_LEN) return undefined;
  const iv = sealed.subarray(0, IV_LEN);
  const tag = sealed.subarray(sealed.length - TAG_LEN);
  const ct = sealed.subarray(IV_LEN, sealed.length - TAG_LEN);
  try {
    if (alg === 'SM4GCM') {
      return Buffer.from(sm4.decrypt(ct, key, { mode: 'gcm', iv, associatedData: aad, tag, output: 'array' }));
    }
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAAD(aad);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(ct), d.final()]);
  } catch {
    return undefined;
  }
}

const keyLen = (alg: SecretAlg) => (alg === 'SM4GCM' ? 16 : 32);

/** The key-encryption key for one algorithm, derived from the master key (HKDF with SM3 for gm, SHA-256 for intl). */
function kek(alg: SecretAlg, master: MasterKey): Buffer {
  return Buffer.from(hkdfSync(alg === 'SM4GCM' ? 'sm3' : 'sha256', master.bytes, Buffer.alloc(0), `govshare-kek:${alg}`, keyLen(alg)));
}

export const secretErrors = {
  unknownKey: (kid: string, context: string) => new DomainError('MASTER_KEY_MISMATCH', 409,
    `密文（${context}）由主密钥 ${kid} 加密，当前未配置该密钥：请检查 GOVSHARE_MASTER_KEY / GOVSHARE_MASTER_KEY_PREVIOUS 或数据目录中的 master.key`,
    `The secret (${context}) was sealed with master key ${kid}, which is not configured: check GOVSHARE_MASTER_KEY / GOVSHARE_MASTER_KEY_PREVIOUS or master.key in the data directory`,
    { keyId: kid, context }),
  corrupt: (context: string) => new DomainError('SECRET_UNREADABLE', 409,
    `密文（${context}）无法解密：已被篡改，或主密钥不对`, `The secret (${context}) cannot be decrypted: it was changed, or the master key is wrong`, { context }),
};

export function isSealed(value: string): boolean {
  return value.startsWith(PREFIX);
}

/** Seals and opens secrets with the current master key; earlier master keys are kept to open (and re-wrap) old values. */
export class SecretBox {
  readonly alg: SecretAlg;
  private readonly keys = new Map<string, MasterKey>();

  constructor(suite: 'intl' | 'gm', readonly current: MasterKey, previous: readonly MasterKey[] = []) {
    this.alg = suite === 'gm' ? 'SM4GCM' : 'A256GCM';
    for (const k of [current, ...previous]) this.keys.set(k.id, k);
  }

  seal(plain: string, context: string): string {
    const dek = randomBytes(keyLen(this.alg));
    const wrapped = aeadSeal(this.alg, kek(this.alg, this.current), dek, Buffer.from(`dek:${context}`));
    const sealed = aeadSeal(this.alg, dek, Buffer.from(plain, 'utf8'), Buffer.from(context));
    return `${PREFIX}${this.alg}:${this.current.id}:${wrapped.toString('base64url')}:${sealed.toString('base64url')}`;
  }

  open(stored: string, context: string): string {
    const parts = stored.slice(PREFIX.length).split(':');
    const [alg, kid, wrapped, sealed] = parts;
    if (!isSealed(stored) || parts.length !== 4 || (alg !== 'A256GCM' && alg !== 'SM4GCM') || !kid || !wrapped || !sealed) throw secretErrors.corrupt(context);
    const master = this.keys.get(kid);
    if (!master) throw secretErrors.unknownKey(kid, context);
    const dek = aeadOpen(alg, kek(alg, master), Buffer.from(wrapped, 'base64url'), Buffer.from(`dek:${context}`));
    const plain = dek && aeadOpen(alg, dek, Buffer.from(sealed, 'base64url'), Buffer.from(context));
    if (!plain) throw secretErrors.corrupt(context);
    return plain.toString('utf8');
  }

  /** A stored value that is plain, or sealed with another key or algorithm, is sealed again by migration/rotation. */
  isCurrent(stored: string): boolean {
    return stored.startsWith(`${PREFIX}${this.alg}:${this.current.id}:`);
  }

  /** Opens a sealed value, or returns a legacy plain one as it is (read paths during migration). */
  reveal(stored: string, context: string): string {
    return isSealed(stored) ? this.open(stored, context) : stored;
  }
}
