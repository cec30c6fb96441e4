import { advisoryLock, type Db } from '../db/database.js';
import { signingSuite, type PrivateKey, type SigningSuite, type SuiteName } from '../crypto/suite.js';
import { digestHex } from '../crypto/hash.js';

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

interface Stored { privatePem: string; publicPem: string; createdAt: string }

/**
 * Loads the key pair of the configured suite from the database, creating it on first start. Every instance on
 * one database shares it (the advisory lock makes two first starts agree on one key).
 * Stored as PEM in `settings`; sealing it with a master key is part of the at-rest encryption work (issue 7).
 */
export async function loadPlatformKey(db: Db, suiteName: SuiteName, issuer: string): Promise<PlatformKey> {
  const suite = signingSuite(suiteName);
  const name = `platform_key:${suiteName}`;
  const stored = await db.transaction().execute(async (tx) => {
    await advisoryLock(tx, name);
    const row = await tx.selectFrom('settings').select('value').where('key', '=', name).executeTakeFirst();
    if (row) return row.value as unknown as Stored;
    const pair = suite.generateKeyPair();
    const value: Stored = { ...pair, createdAt: new Date().toISOString() };
    await tx.insertInto('settings').values({ key: name, value: JSON.stringify(value) }).execute();
    return value;
  });
  const key = suite.privateKey(stored.privatePem);
  return { suite, key, publicPem: key.publicPem, keyId: digestHex(suite.hash, key.publicPem).slice(0, 16), issuer };
}
