import { advisoryLock, type Db, type Tx } from '../db/database.js';
import { signingSuite, type PrivateKey, type SigningSuite, type SuiteName } from '../crypto/suite.js';
import { digestHex } from '../crypto/hash.js';
import type { SecretBox } from '../crypto/secrets.js';
import { DomainError } from '../errors.js';

/** The platform's signing key: tickets to nodes, audit checkpoints, agreements, federation calls. */
export interface PlatformKey {
  suite: SigningSuite;
  key: PrivateKey;
  publicPem: string;
  /** Short fingerprint of the public key (hash of its PEM), shown to operators and put in JWS `kid`. */
  keyId: string;
  /** The `iss` of what this platform signs. */
  issuer: string;
}

/** The private key is stored sealed (`privateSealed`); `privatePem` is the plain form of before issue 7, migrated on start. */
interface Stored { privatePem?: string; privateSealed?: string; publicPem: string; createdAt: string }

export const platformKeyContext = (suiteName: SuiteName) => `settings:platform_key:${suiteName}`;

/**
 * Loads the key pair of the configured suite from the database, creating it on first start. Every instance on
 * one database shares it (the advisory lock makes two first starts agree on one key).
 * The private key is sealed with the master key (src/crypto/secrets.ts); a plain one left by an older version
 * is sealed here on the first start with a secret box. Without a box (tools and tests that only need a key) a
 * new key stays plain and a sealed one is refused with MASTER_KEY_REQUIRED.
 */
export async function loadPlatformKey(db: Db, suiteName: SuiteName, issuer: string, secrets?: SecretBox): Promise<PlatformKey> {
  const suite = signingSuite(suiteName);
  const name = `platform_key:${suiteName}`;
  const context = platformKeyContext(suiteName);
  const privatePem = await db.transaction().execute(async (tx) => {
    await advisoryLock(tx, name);
    const row = await tx.selectFrom('settings').select('value').where('key', '=', name).executeTakeFirst();
    const old = row?.value as unknown as Stored | undefined;
    if (old?.privateSealed) {
      if (!secrets) throw new DomainError('MASTER_KEY_REQUIRED', 400, '平台密钥已加密保存，需要主密钥', 'The platform key is stored sealed; a master key is needed');
      const pem = secrets.open(old.privateSealed, context);
      if (!secrets.isCurrent(old.privateSealed)) await save(tx, name, { ...old, privateSealed: secrets.seal(pem, context) });
      return pem;
    }
    const pem = old?.privatePem ?? suite.generateKeyPair().privatePem;
    const value: Stored = secrets
      ? { privateSealed: secrets.seal(pem, context), publicPem: suite.privateKey(pem).publicPem, createdAt: old?.createdAt ?? new Date().toISOString() }
      : { privatePem: pem, publicPem: suite.privateKey(pem).publicPem, createdAt: old?.createdAt ?? new Date().toISOString() };
    if (!old || secrets) await save(tx, name, value);
    return pem;
  });
  const key = suite.privateKey(privatePem);
  return { suite, key, publicPem: key.publicPem, keyId: digestHex(suite.hash, key.publicPem).slice(0, 16), issuer };
}

async function save(tx: Tx, name: string, value: Stored): Promise<void> {
  await tx.insertInto('settings').values({ key: name, value: JSON.stringify(value) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) })).execute();
}
