import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TicketClaims, TicketMethod } from '../crypto/ticket-sign.js';
import { runApi } from './api.js';
import { withDeadline } from './connectors/source-errors.js';
import { signEventBatch } from './events.js';
import { startExport, type ExportProgress, type ExportQuery } from './export.js';
import type { NodeRuntime } from './runtime.js';
import { resourceStats, runCompare, runQuery, type QueryBody } from './service.js';

/** What a request did, for the node's event log (written in the onResponse hook of server.ts). */
export interface RequestRecord {
  started: number;
  method: TicketMethod | 'healthz';
  claims?: TicketClaims;
  items: string[];
  rows: number;
  bytes: number;
  code?: string;
  detail?: Record<string, unknown>;
  progress?: ExportProgress;
}

declare module 'fastify' {
  interface FastifyRequest { record?: RequestRecord }
  interface FastifyContextConfig { ticket?: TicketMethod }
}

const QueryBodySchema = Type.Object({
  items: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 500 })),
  filter: Type.Optional(Type.Array(Type.Object({ item: Type.String(), op: Type.String(), value: Type.Unknown() }, { additionalProperties: false }), { maxItems: 20 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  cursor: Type.Optional(Type.String({ maxLength: 4096 })),
}, { additionalProperties: false });

const CompareBodySchema = Type.Object({
  records: Type.Array(Type.Object({}, { additionalProperties: true }), { maxItems: 100_000 }),
  keys: Type.Array(Type.String({ maxLength: 200 }), { minItems: 1, maxItems: 10 }),
}, { additionalProperties: false });

const ExportQuerySchema = Type.Object({
  format: Type.Optional(Type.Union([Type.Literal('ndjson'), Type.Literal('csv')])),
  since: Type.Optional(Type.String({ maxLength: 40 })),
  cursor: Type.Optional(Type.String({ maxLength: 4096 })),
  items: Type.Optional(Type.String({ maxLength: 10_000 })),
}, { additionalProperties: false });

const EventsQuerySchema = Type.Object({
  after: Type.Optional(Type.Integer({ minimum: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
}, { additionalProperties: false });

function claimsOf(req: FastifyRequest): TicketClaims {
  return req.record!.claims!;
}

function done(req: FastifyRequest, o: { items: string[]; rows: number; detail?: Record<string, unknown> }): void {
  Object.assign(req.record!, o);
}

export function nodeRoutes(app: FastifyInstance, rt: NodeRuntime, version: string): void {
  app.get('/healthz', async () => {
    const sources = await Promise.all(rt.config.sources.map(async (s) => {
      const t0 = performance.now();
      try {
        await withDeadline(s.name, rt.config.connectTimeoutMs + 500, rt.sources.get(s.name)!.health());
        return { name: s.name, type: s.type, status: 'up', latencyMs: Math.round(performance.now() - t0) };
      } catch (err) {
        return { name: s.name, type: s.type, status: 'down', code: (err as { code?: string }).code ?? 'SOURCE_UNAVAILABLE' };
      }
    }));
    return { status: sources.every((s) => s.status === 'up') ? 'ok' : 'degraded', version, nodeId: rt.config.nodeId, crypto: rt.suite.name, sources };
  });

  app.post('/v1/query', { config: { ticket: 'query' }, schema: { body: QueryBodySchema } }, async (req, reply) => {
    const { answer, outcome } = await runQuery(rt, rt.cursors, claimsOf(req), req.body as QueryBody);
    done(req, outcome);
    // The bus passes the body through without parsing it; this header gives its audit event the row count.
    void reply.header('x-row-count', String(outcome.rows));
    return answer;
  });

  app.post('/v1/compare', { config: { ticket: 'compare' }, schema: { body: CompareBodySchema } }, async (req) => {
    const { answer, outcome } = await runCompare(rt, rt, claimsOf(req), req.body);
    done(req, outcome);
    return answer;
  });

  app.get('/v1/export', { config: { ticket: 'export' }, schema: { querystring: ExportQuerySchema } }, async (req, reply) => {
    const ex = await startExport(rt, rt.cursors, claimsOf(req), req.query as ExportQuery);
    req.record!.progress = ex.progress;
    req.record!.items = ex.progress.items;
    const stream = Readable.from(ex.chunks, { objectMode: false });
    stream.on('close', () => void ex.release());
    void reply.type(ex.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    void reply.header('content-disposition', `attachment; filename="export.${ex.format}"`);
    return reply.send(stream);
  });

  app.get('/v1/stats', { config: { ticket: 'stats' } }, async () => ({ nodeId: rt.config.nodeId, at: new Date().toISOString(), resources: await resourceStats(rt) }));

  app.get('/v1/events', { config: { ticket: 'events' }, schema: { querystring: EventsQuerySchema } }, async (req) => {
    const { after = 0, limit = 1000 } = req.query as { after?: number; limit?: number };
    const events = await rt.events.read(after, limit);
    const lastEvent = events[events.length - 1];
    const batch = {
      nodeId: rt.config.nodeId, hashAlg: rt.suite.hash, after, events,
      lastSeq: lastEvent?.seq ?? after, lastHash: lastEvent?.hash ?? (after === rt.events.lastSeq ? rt.events.head : ''),
      headSeq: rt.events.lastSeq, signedAt: new Date().toISOString(),
    };
    return { jws: signEventBatch(batch, rt.suite, rt.nodeKey) };
  });

  // Share method api: everything under /v1/api/ goes to the upstream API, bodies as raw bytes.
  void app.register(async (api) => {
    api.removeAllContentTypeParsers();
    api.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (_req, body, next) => next(null, body));
    api.all('/v1/api/*', { config: { ticket: 'api' } }, async (req: FastifyRequest, reply: FastifyReply) => {
      const q = req.url.indexOf('?');
      const r = await runApi(rt, claimsOf(req), {
        method: req.method,
        // the raw path, not Fastify's decoded parameter: upstreamUrl decodes each segment exactly once
        rest: (q >= 0 ? req.url.slice(0, q) : req.url).slice('/v1/api/'.length),
        search: q >= 0 ? req.url.slice(q) : '',
        contentType: req.headers['content-type'],
        body: Buffer.isBuffer(req.body) ? req.body : undefined,
      });
      done(req, { items: r.items, rows: r.rows });
      return reply.status(r.status).send(r.body);
    });
  });
}
