import { generateKeyPairSync } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

/**
 * SM2 (GB/T 32918) signatures with sm-crypto-v2, never Node's crypto: OpenSSL as Node drives it treats an SM2-curve
 * key as plain ECDSA (no Z value, no signer ID), so its signatures do not interoperate (openssl/openssl#18022,
 * nodejs/node#53761; SECURITY-NOTES.md). Node's crypto is used only to read and write PEM.
 *
 * Signature encoding: DER SEQUENCE{r, s} over SM3(Z || M) with the GM/T 0009 default signer ID — what
 * `openssl pkeyutl -rawin -digest sm3 -pkeyopt distid:1234567812345678` and BouncyCastle's SM2Signer verify.
 */
export const SM2_USER_ID = '1234567812345678';
const OPTS = { der: true, hash: true, userId: SM2_USER_ID } as const;

/** SubjectPublicKeyInfo prefix: id-ecPublicKey with the SM2 curve (1.2.156.10197.1.301), then the point. */
const SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');

export interface Sm2Public { hex: string; point: ReturnType<typeof sm2.precomputePublicKey> }
export interface Sm2Private { hex: string; publicHex: string }

/** The SM2 curve OID 1.2.156.10197.1.301 as DER. Node cannot name an imported SM2 private key's type, so keys are read as DER here. */
const SM2_OID = Buffer.from('06082a811ccf5501822d', 'hex');

function pemToDer(pem: string, labels: string[]): Buffer {
  const m = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/.exec(pem);
  if (!m || !labels.includes(m[1]!)) throw new Error(`expected a PEM ${labels.join(' or ')}`);
  return Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64');
}

/** True when the PEM holds an SM2 key (public or private). */
export function isSm2Pem(pem: string): boolean {
  try {
    return pemToDer(pem, ['PUBLIC KEY', 'PRIVATE KEY', 'EC PRIVATE KEY']).includes(SM2_OID);
  } catch {
    return false;
  }
}

export function sm2GenerateKeyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'SM2' });
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Reads an SM2 public key from PEM (SPKI, id-ecPublicKey on the SM2 curve); throws when it is not one. */
export function sm2PublicFromPem(pem: string): Sm2Public {
  const der = pemToDer(pem, ['PUBLIC KEY']);
  if (der.length !== SPKI_PREFIX.length + 65 || !der.includes(SM2_OID) || der[SPKI_PREFIX.length] !== 4) throw new Error('not an SM2 public key');
  const hex = der.subarray(SPKI_PREFIX.length).toString('hex');
  // A precomputed table makes each verification about twice as fast; built once per pinned key.
  return { hex, point: sm2.precomputePublicKey(hex) };
}

/** Reads an SM2 private key from PEM (PKCS#8 or SEC1). */
export function sm2PrivateFromPem(pem: string): Sm2Private {
  const der = pemToDer(pem, ['PRIVATE KEY', 'EC PRIVATE KEY']);
  if (!der.includes(SM2_OID)) throw new Error('not an SM2 private key');
  // PKCS#8 wraps a SEC1 ECPrivateKey: … 02 01 01 04 20 <32-byte scalar> …
  const at = der.indexOf(Buffer.from('0201010420', 'hex'));
  if (at < 0) throw new Error('unexpected SM2 private key encoding');
  const hex = der.subarray(at + 5, at + 37).toString('hex');
  return { hex, publicHex: sm2.getPublicKeyFromPrivateKey(hex) };
}

export function sm2PublicPemFromHex(hex: string): string {
  const b64 = Buffer.concat([SPKI_PREFIX, Buffer.from(hex, 'hex')]).toString('base64');
  return `-----BEGIN PUBLIC KEY-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END PUBLIC KEY-----\n`;
}

export function sm2Sign(bytes: Uint8Array, key: Sm2Private): Uint8Array {
  return Buffer.from(sm2.doSignature(bytes, key.hex, { ...OPTS, publicKey: key.publicHex }), 'hex');
}

export function sm2Verify(bytes: Uint8Array, sig: Uint8Array, key: Sm2Public): boolean {
  try {
    return sm2.doVerifySignature(bytes, Buffer.from(sig).toString('hex'), key.point, OPTS);
  } catch {
    return false; // malformed DER: not a valid signature
  }
}
