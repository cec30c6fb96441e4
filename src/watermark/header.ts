import { parseCompact, signCompact, verifyParsed } from '../crypto/jws.js';
import type { PublicKey, SigningSuite } from '../crypto/suite.js';
import type { PlatformKey } from '../keys/platform-key.js';

/**
 * The signed records of a watermarked file (ADR 007): a header naming who exported what, when and under which grant,
 * and a trailer with the row count and the hash of everything between them (so a cut or edited body shows). Both
 * are compact JWS signed with the platform key (Ed25519 or SM2), checked against the platform's public key.
 */
export const MARK_TYP = 'govshare-watermark+jws';
export const END_TYP = 'govshare-watermark-end+jws';

export interface MarkClaims {
  id: string;
  kind: 'exchange.export' | 'trace.export' | 'agreement.pdf';
  at: string;
  iss: string;
  department: string | null;
  user: { id: string | null; name: string | null };
  grant: string | null;
  resource: string | null;
  provider: string | null;
  ticket: string | null;
  format: string;
  items?: string[];
  /** The application an agreement PDF belongs to. */
  application?: string;
}

export interface EndClaims { id: string; rows: number; bodyHash: string; hashAlg: 'sha256' }

export function signMark(key: PlatformKey, claims: MarkClaims): string {
  return signCompact(key.suite, key.key, { typ: MARK_TYP, kid: key.keyId }, claims);
}

export function signEnd(key: PlatformKey, claims: EndClaims): string {
  return signCompact(key.suite, key.key, { typ: END_TYP, kid: key.keyId }, claims);
}

export type Checked<T> = { claims: T; signature: 'valid' | 'invalid' | 'unchecked' } | undefined;

/** Decodes a header or trailer JWS; the signature is checked when a public key is given. */
export function readSigned<T>(jws: string, typ: string, verify?: { suite: SigningSuite; key: PublicKey }): Checked<T> {
  const parsed = parseCompact(jws);
  if (!parsed || parsed.header.typ !== typ) return undefined;
  const signature = !verify ? 'unchecked' : verifyParsed(verify.suite, verify.key, parsed) ? 'valid' : 'invalid';
  return { claims: parsed.payload as T, signature };
}

/** The text lines that carry them in each format (NDJSON control lines like the node's "$cursor"; CSV comment lines). */
export const LINES = {
  ndjson: { head: (j: string) => `{"$watermark":${JSON.stringify(j)}}\n`, end: (j: string) => `{"$watermark_end":${JSON.stringify(j)}}\n` },
  csv: { head: (j: string) => `# govshare-watermark ${j}\r\n`, end: (j: string) => `# govshare-watermark-end ${j}\r\n` },
};

const HEAD = /^(?:\{"\$watermark":"([A-Za-z0-9_.-]+)"\}|# govshare-watermark ([A-Za-z0-9_.-]+))\r?$/;
const END = /^(?:\{"\$watermark_end":"([A-Za-z0-9_.-]+)"\}|# govshare-watermark-end ([A-Za-z0-9_.-]+))\r?$/;

/** The JWS of a header or trailer line, or undefined for any other line. */
export function markLine(line: string): { kind: 'head' | 'end'; jws: string } | undefined {
  const h = HEAD.exec(line);
  if (h) return { kind: 'head', jws: (h[1] ?? h[2])! };
  const e = END.exec(line);
  return e ? { kind: 'end', jws: (e[1] ?? e[2])! } : undefined;
}
