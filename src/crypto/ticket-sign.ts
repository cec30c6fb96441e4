import { randomUUID } from 'node:crypto';
import { signCompact } from './jws.js';
import type { PrivateKey, SigningSuite } from './suite.js';

/**
 * Tickets: the bus's short-lived, signed permission for one request to one node (DESIGN.md "Tickets").
 * Issued here (by the bus, and by tests); verified by the node in src/node/ticket.ts.
 * Intl: JWS `alg: EdDSA`, verifiable by any JOSE library with the platform's SPKI public key.
 * Gm: JWS `alg: SM2` (SM2-with-SM3, DER signature, signer ID 1234567812345678): not a registered JOSE algorithm,
 * so a standard JOSE library cannot verify it; use src/crypto/jws.ts or an SM2 library on the same signing input.
 */
export const TICKET_TYP = 'gs-ticket+jwt';
/** DESIGN.md: expiry ≤ 60 s after issue. A node refuses a ticket that claims longer. */
export const MAX_TICKET_TTL_SECONDS = 60;

/** query/compare/export/api carry consumer requests; events/stats are the platform's own calls (res "*"). */
export type TicketMethod = 'query' | 'compare' | 'export' | 'api' | 'events' | 'stats';
export const TICKET_METHODS: readonly TicketMethod[] = ['query', 'compare', 'export', 'api', 'events', 'stats'];

export interface TicketLimits {
  /** Most rows one query page may return (the page size cap; the node's own maximum is 1000). */
  maxRows?: number;
  /** Most rows one export may stream; absent = the whole resource. The export then ends with "truncated": true. */
  maxExportRows?: number;
  /** Most records one comparison batch may hold (Art. 23 guard against enumeration). */
  maxRecords?: number;
}

export interface TicketClaims {
  iss: string; // the issuing platform
  aud: string; // the node id
  sub: string; // consumer department id
  res: string; // resource code ("*" for events/stats)
  items: string[]; // item names the consumer may read, filter or compare
  masks: Record<string, string>; // item → mask (src/node/mask.ts grammar), decided by the platform
  purpose: string;
  grant: string; // grant id, or "unconditional"
  act: string; // acting user or system account id
  method: TicketMethod;
  jti: string;
  iat: number; // seconds since the epoch
  exp: number;
  limits?: TicketLimits;
}

export interface TicketSigner { suite: SigningSuite; key: PrivateKey }

/** Signs claims as they are; refuses a lifetime over 60 s so a bad caller fails here, not at every node. */
export function signTicket(claims: TicketClaims, signer: TicketSigner): string {
  if (!(claims.exp > claims.iat) || claims.exp - claims.iat > MAX_TICKET_TTL_SECONDS) {
    throw new Error(`ticket lifetime must be 1..${MAX_TICKET_TTL_SECONDS} s, got ${claims.exp - claims.iat}`);
  }
  return signCompact(signer.suite, signer.key, { typ: TICKET_TYP }, claims);
}

export type TicketRequest = Omit<TicketClaims, 'jti' | 'iat' | 'exp'> & { ttlSeconds?: number };

/** Fills jti/iat/exp (default lifetime 30 s) and signs. */
export function issueTicket(req: TicketRequest, signer: TicketSigner, nowMs = Date.now()): { ticket: string; claims: TicketClaims } {
  const { ttlSeconds = 30, ...rest } = req;
  const iat = Math.floor(nowMs / 1000);
  const claims: TicketClaims = { ...rest, jti: randomUUID(), iat, exp: iat + ttlSeconds };
  return { ticket: signTicket(claims, signer), claims };
}
