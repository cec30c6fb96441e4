import { createPrivateKey, createPublicKey, generateKeyPairSync, sign as edSign, verify as edVerify, type KeyObject } from 'node:crypto';
import type { HashAlg } from './hash.js';
import { isSm2Pem, sm2GenerateKeyPair, sm2PrivateFromPem, sm2PublicPemFromHex, sm2PublicFromPem, sm2Sign, sm2Verify, type Sm2Private, type Sm2Public } from './sm2.js';

/** The two configured suites (GOVSHARE_CRYPTO): intl = Ed25519 + SHA-256, gm = SM2 + SM3 (SPEC C5). */
export type SuiteName = 'intl' | 'gm';
export type SignatureAlg = 'EdDSA' | 'SM2';

export interface KeyPairPem { privatePem: string; publicPem: string }

/** A parsed key, bound to its suite; parse once (at start), sign/verify many times. */
export interface PrivateKey { readonly suite: SuiteName; readonly publicPem: string; readonly native: KeyObject | Sm2Private }
export interface PublicKey { readonly suite: SuiteName; readonly pem: string; readonly native: KeyObject | Sm2Public }

export interface SigningSuite {
  readonly name: SuiteName;
  /** The JWS `alg` header value. `SM2` is not a registered JOSE algorithm: standard JOSE libraries do not know it. */
  readonly alg: SignatureAlg;
  readonly hash: HashAlg;
  generateKeyPair(): KeyPairPem;
  privateKey(pem: string): PrivateKey;
  publicKey(pem: string): PublicKey;
  sign(bytes: Uint8Array, key: PrivateKey): Uint8Array;
  verify(bytes: Uint8Array, signature: Uint8Array, key: PublicKey): boolean;
}

function sameSuite(name: SuiteName, key: { suite: SuiteName }): void {
  if (key.suite !== name) throw new Error(`a ${key.suite} key cannot be used with the ${name} suite`);
}

const intl: SigningSuite = {
  name: 'intl',
  alg: 'EdDSA',
  hash: 'sha256',
  generateKeyPair() {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return {
      privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  },
  privateKey(pem) {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 private key');
    const publicPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
    return { suite: 'intl', publicPem, native: key };
  },
  publicKey(pem) {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('not an Ed25519 public key');
    return { suite: 'intl', pem: key.export({ type: 'spki', format: 'pem' }).toString(), native: key };
  },
  sign(bytes, key) {
    sameSuite('intl', key);
    return edSign(null, bytes, key.native as KeyObject);
  },
  verify(bytes, signature, key) {
    sameSuite('intl', key);
    return signature.length === 64 && edVerify(null, bytes, key.native as KeyObject, signature);
  },
};

const gm: SigningSuite = {
  name: 'gm',
  alg: 'SM2',
  hash: 'sm3',
  generateKeyPair: sm2GenerateKeyPair,
  privateKey(pem) {
    const native = sm2PrivateFromPem(pem);
    return { suite: 'gm', publicPem: sm2PublicPemFromHex(native.publicHex), native };
  },
  publicKey(pem) {
    const native = sm2PublicFromPem(pem);
    return { suite: 'gm', pem: sm2PublicPemFromHex(native.hex), native };
  },
  sign(bytes, key) {
    sameSuite('gm', key);
    return sm2Sign(bytes, key.native as Sm2Private);
  },
  verify(bytes, signature, key) {
    sameSuite('gm', key);
    return sm2Verify(bytes, signature, key.native as Sm2Public);
  },
};

export function signingSuite(name: SuiteName): SigningSuite {
  return name === 'gm' ? gm : intl;
}

/** Which suite a PEM key (public or private) belongs to, or undefined for any other key type. */
export function suiteOfPem(pem: string): SuiteName | undefined {
  if (isSm2Pem(pem)) return 'gm';
  let key: KeyObject;
  try {
    key = pem.includes('PRIVATE KEY') ? createPrivateKey(pem) : createPublicKey(pem);
  } catch {
    return undefined;
  }
  return key.asymmetricKeyType === 'ed25519' ? 'intl' : undefined;
}
