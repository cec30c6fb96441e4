import { createHash } from 'node:crypto';
import { parseCompact, verifyParsed } from '../crypto/jws.js';
import type { PublicKey, SigningSuite } from '../crypto/suite.js';
import { MAX_TICKET_TTL_SECONDS, TICKET_METHODS, TICKET_TYP, type TicketClaims, type TicketMethod } from '../crypto/ticket-sign.js';
import { nodeErrors } from './errors.js';
import { parseMask } from './mask.js';

/**
 * Ticket verification at the node (DESIGN.md "Tickets"). One ticket, one request: a ticket is spent by the first
 * request that passes the signature, audience, time and method checks, whatever happens after; a second use is
 * TICKET_REPLAYED. The bus therefore issues a fresh ticket per forwarded call (paging: one ticket per page).
 */
export const CLOCK_SKEW_SECONDS = 5;

interface Seen { exp: number; digest: string; used: boolean }

/**
 * Replay cache and signature cache in one: jti → (token digest, expiry, spent). Only verified tickets enter it,
 * so forged tokens cannot fill it; entries leave after exp + skew. Memory is bounded: when full of live entries
 * the node answers NODE_BUSY (503) rather than forget a jti and let a replay through.
 */
export class TicketCache {
  private readonly entries = new Map<string, Seen>();
  private inserts = 0;
  constructor(private readonly maxEntries = 200_000) {}

  get size(): number { return this.entries.size; }

  lookup(jti: string): Seen | undefined { return this.entries.get(jti); }

  remember(jti: string, seen: Seen, nowSec: number): void {
    if (++this.inserts % 1024 === 0 || this.entries.size >= this.maxEntries) this.sweep(nowSec);
    if (this.entries.size >= this.maxEntries) throw nodeErrors.replayCacheFull();
    this.entries.set(jti, seen);
  }

  /** Map order is insertion order, which is close to expiry order (lifetimes are ≤ 60 s): drop expired heads. */
  sweep(nowSec: number): void {
    let live = 0;
    for (const [jti, e] of this.entries) {
      if (e.exp + CLOCK_SKEW_SECONDS < nowSec) this.entries.delete(jti);
      else if (++live > 64) break;
    }
  }
}

export interface TicketGateOptions {
  suite: SigningSuite;
  platformKey: PublicKey;
  nodeId: string;
  cache?: TicketCache;
}

export class TicketGate {
  readonly cache: TicketCache;
  constructor(private readonly opts: TicketGateOptions) {
    this.cache = opts.cache ?? new TicketCache();
  }

  /** Checks a bearer ticket for `method` and spends it; returns its claims. Resource and item checks follow in the caller. */
  admit(token: string | undefined, method: TicketMethod, nowMs = Date.now()): TicketClaims {
    if (!token) throw nodeErrors.ticketMissing();
    const now = Math.floor(nowMs / 1000);
    const jws = parseCompact(token);
    if (!jws) throw nodeErrors.ticketMalformed('not a compact JWS');
    const jti = (jws.payload as { jti?: unknown }).jti;
    if (typeof jti !== 'string' || jti === '' || jti.length > 200) throw nodeErrors.ticketMalformed('no jti');
    const digest = createHash('sha256').update(token).digest('base64');
    const seen = this.cache.lookup(jti);
    // A cached jti with the same bytes skips the (slow, for SM2) signature check: replays cost nothing.
    if (!(seen && seen.digest === digest) && !verifyParsed(this.opts.suite, this.opts.platformKey, jws)) throw nodeErrors.signatureInvalid();
    if (seen) throw nodeErrors.replayed(); // spent, or a second validly signed ticket reusing a jti
    if (jws.header.typ !== TICKET_TYP) throw nodeErrors.ticketMalformed(`typ must be ${TICKET_TYP}`);
    const claims = checkClaims(jws.payload);
    if (claims.aud !== this.opts.nodeId) throw nodeErrors.audienceMismatch();
    if (claims.exp - claims.iat > MAX_TICKET_TTL_SECONDS || claims.exp <= claims.iat) throw nodeErrors.lifetimeTooLong();
    if (claims.iat > now + CLOCK_SKEW_SECONDS) throw nodeErrors.notYetValid();
    if (claims.exp + CLOCK_SKEW_SECONDS < now) throw nodeErrors.expired();
    if (claims.method !== method) throw nodeErrors.methodMismatch(method, claims.method);
    this.cache.remember(jti, { exp: claims.exp, digest, used: true }, now);
    return claims;
  }
}

/** Checks the claim types (the signature says who wrote them, not that they are well formed). */
export function checkClaims(p: unknown): TicketClaims {
  const c = p as Record<string, unknown>;
  const m = (why: string) => nodeErrors.ticketMalformed(why);
  for (const k of ['iss', 'aud', 'sub', 'res', 'purpose', 'grant', 'act', 'jti'] as const) {
    if (typeof c[k] !== 'string') throw m(`claim ${k} must be a string`);
  }
  if (!Number.isInteger(c.iat) || !Number.isInteger(c.exp)) throw m('iat and exp must be whole seconds');
  if (!TICKET_METHODS.includes(c.method as TicketMethod)) throw m('unknown method');
  if (!Array.isArray(c.items) || !c.items.every((i) => typeof i === 'string')) throw m('items must be a list of strings');
  const masks = c.masks ?? {};
  if (typeof masks !== 'object' || masks === null || Array.isArray(masks)) throw m('masks must be an object');
  for (const [item, spec] of Object.entries(masks)) {
    if (typeof spec !== 'string' || !parseMask(spec)) throw m(`mask of ${item} is not in the mask grammar`);
  }
  if (c.limits !== undefined) {
    const l = c.limits as Record<string, unknown>;
    if (typeof l !== 'object' || l === null) throw m('limits must be an object');
    for (const k of ['maxRows', 'maxExportRows', 'maxRecords']) if (l[k] !== undefined && !(Number.isInteger(l[k]) && (l[k] as number) > 0)) throw m(`limits.${k} must be a positive whole number`);
  }
  return { ...(c as unknown as TicketClaims), masks: masks as Record<string, string> };
}

/** Every requested item must be in the ticket (ITEM_NOT_IN_TICKET), whatever the request does with it. */
export function requireItems(claims: TicketClaims, requested: Iterable<string>): void {
  const allowed = new Set(claims.items);
  for (const item of requested) if (!allowed.has(item)) throw nodeErrors.itemNotInTicket(item);
}
