import { randomBytes } from 'node:crypto';
import { pipeline, type Readable } from 'node:stream';
import { auditActor, type Actor } from '../auth/actor.js';
import type { AppContext } from '../http/context.js';
import { traceKeys } from '../trace/trace-key.js';
import { LINES, signEnd, signMark, type MarkClaims } from './header.js';
import { MarkingStream } from './marking-stream.js';

type Ctx = Pick<AppContext, 'db' | 'keys' | 'audit'>;

export interface IssuedMark {
  id: string;
  claims: MarkClaims;
  /** The signed header (compact JWS). */
  jws: string;
  /** A line for a visible footer (xlsx, PDF). */
  footer: string;
}

const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/**
 * Issues one watermark (Art. 39(4)): a new export id, the signed claims (who, when, which grant), and a
 * `watermark.issue` audit event appended before the first byte leaves — so every mark found in a leaked file,
 * even with its header cut off, names an event in the tamper-evident log (ADR 007).
 */
export async function issueMark(ctx: Ctx, actor: Actor, requestId: string | undefined, m: Omit<MarkClaims, 'id' | 'at' | 'iss' | 'department' | 'user'>): Promise<IssuedMark> {
  const id = `wm-${randomBytes(8).toString('hex')}`;
  const now = new Date();
  const who = auditActor(actor);
  const claims: MarkClaims = { id, at: now.toISOString(), iss: ctx.keys.issuer, department: who.departmentId, user: { id: who.id, name: who.name }, ...m };
  await ctx.audit.record({
    action: 'watermark.issue', actor: who, objectType: m.resource ? 'resource' : 'watermark', objectId: m.resource ?? id, requestId,
    detail: { watermark: id, kind: m.kind, format: m.format, application: m.application, provider: m.provider ?? undefined, grant: m.grant ?? undefined, ticket: m.ticket ?? undefined, items: m.items },
  });
  const footer = `水印 ${id} · ${who.name ?? ''}（${who.departmentId ?? ''}）· ${shanghai(now)} 北京时间${m.grant ? ` · 授权 ${m.grant}` : ''} · 仅限授权用途使用，不得扩散（第三十九条）`;
  return { id, claims, jws: signMark(ctx.keys, claims), footer };
}

/** Wraps a CSV or NDJSON body stream in the marking stream of an issued mark. */
export async function markingStream(ctx: Ctx, mark: IssuedMark, format: 'csv' | 'ndjson'): Promise<MarkingStream> {
  const keys = await traceKeys(ctx.db, ctx.keys.suite.hash);
  const lines = LINES[format];
  return new MarkingStream({
    format, exportId: mark.id, keys, head: lines.head(mark.jws),
    end: (rows, bodyHash) => lines.end(signEnd(ctx.keys, { id: mark.id, rows, bodyHash, hashAlg: 'sha256' })),
  });
}

/**
 * The bus's export hook (one call in bus.routes.ts): issues the mark of this export and returns how to pipe the
 * node's body through the marker. The grant, ticket and items come from the bus's decision.
 */
export async function markExport(ctx: Ctx, actor: Actor, requestId: string, p: { resource: { code: string; departmentId: string }; decision: { grantId: string | null; items: string[] }; claims: { jti: string } }, format: 'csv' | 'ndjson'): Promise<(body: Readable) => Readable> {
  const mark = await issueMark(ctx, actor, requestId, {
    kind: 'exchange.export', grant: p.decision.grantId, resource: p.resource.code, provider: p.resource.departmentId, ticket: p.claims.jti, format, items: p.decision.items,
  });
  const marker = await markingStream(ctx, mark, format);
  return (body) => pipeline(body, marker, () => undefined); // errors reach the bus's own listeners on `body`
}
