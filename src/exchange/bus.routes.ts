import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import type { App, AppContext } from '../http/context.js';
import { StdErrors, Strict } from '../http/schemas.js';
import { DomainError } from '../errors.js';
import { Bus, type Prepared } from './bus.service.js';
import { callNode, nodeError } from './forward.js';
import type { ExchangeMethod } from './access.rules.js';
import { checkQuota, recordCompare } from './compare-guard.js';
import { presentedKeys } from '../trace/trace.hook.js';
import { markExport } from '../watermark/watermark.service.js';

const Code = Strict({ code: Type.String({ minLength: 3, maxLength: 64 }) });
const Items = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 500 });
const Purpose = Type.Optional(Type.String({ maxLength: 500 }));
const Scalar = Type.Union([Type.String({ maxLength: 1000 }), Type.Number(), Type.Boolean(), Type.Null()]);
const Filter = Strict({
  item: Type.String({ minLength: 1, maxLength: 64 }),
  op: Type.Union(['eq', 'in', 'gt', 'lt', 'between', 'prefix'].map((o) => Type.Literal(o))),
  value: Type.Union([Scalar, Type.Array(Scalar, { maxItems: 1000 })]),
});
const Errors = { ...StdErrors, 502: StdErrors[400], 503: StdErrors[400], 504: StdErrors[400] };

/** The exchange bus (Art. 14, 23): grant → ticket → forward to the node → audit → answer, bytes passed through. */
export function busRoutes(app: App, ctx: AppContext): Bus {
  const bus = new Bus(ctx);

  async function relay(req: FastifyRequest, reply: FastifyReply, code: string, method: ExchangeMethod, p: Prepared, res: Dispatcher.ResponseData, started: number, extra: Record<string, unknown> = {}, inspect?: (body: Buffer) => Promise<void>) {
    let body: Buffer;
    try {
      body = Buffer.from(await res.body.arrayBuffer());
      if (inspect && res.statusCode === 200) await inspect(body);
    } catch (err) {
      const e = nodeError(err);
      await bus.audit(req.actor, req.id, code, method, p, 'failure', { error: e.code, durationMs: Math.round(performance.now() - started) });
      throw e;
    }
    const rows = Number(res.headers['x-row-count'] ?? NaN);
    const outcome = res.statusCode < 300 ? 'success' : res.statusCode === 401 || res.statusCode === 403 ? 'denied' : 'failure';
    await bus.audit(req.actor, req.id, code, method, p, outcome, { status: res.statusCode, bytes: body.length, ...(Number.isFinite(rows) ? { rows } : {}), durationMs: Math.round(performance.now() - started), ...extra, ...(await presentedKeys(ctx, req.body)) });
    return reply.status(res.statusCode).header('content-type', res.headers['content-type'] ?? 'application/json; charset=utf-8').send(body);
  }

  async function decide(req: FastifyRequest, code: string, method: ExchangeMethod, items: string[], purpose: string | undefined): Promise<Prepared> {
    try {
      return await bus.prepare(req.actor, code, method, items, purpose);
    } catch (err) {
      if (err instanceof DomainError) await bus.audit(req.actor, req.id, code, method, undefined, err.status === 403 ? 'denied' : 'failure', { error: err.code, items });
      throw err;
    }
  }

  app.post('/exchange/:code/query', {
    config: { permission: 'exchange.use' },
    schema: {
      tags: ['exchange'], summary: '查询（结构化过滤、分页）/ Query with structured filters and keyset paging', params: Code,
      body: Strict({ items: Items, filter: Type.Optional(Type.Array(Filter, { maxItems: 20 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })), cursor: Type.Optional(Type.String({ maxLength: 2000 })), purpose: Purpose }),
      response: Errors,
    },
  }, async (req, reply) => {
    const started = performance.now();
    const { purpose, ...query } = req.body;
    // The ticket covers the items selected and the items filtered on: a consumer may filter only by what it may read.
    const filtered = (query.filter ?? []).map((f) => f.item);
    const asked = query.items.length > 0 ? [...new Set([...query.items, ...filtered])] : [];
    const p = await decide(req, req.params.code, 'query', asked, purpose);
    const selected = query.items.length > 0 ? query.items : p.decision.items;
    const res = await callNode({ nodeUrl: p.node.url, method: 'POST', path: '/v1/query', ticket: p.ticket, body: JSON.stringify({ ...query, items: selected }), headersTimeoutMs: 15_000, bodyTimeoutMs: 15_000 })
      .catch(async (err: DomainError) => { await bus.audit(req.actor, req.id, req.params.code, 'query', p, 'failure', { error: err.code }); throw err; });
    return relay(req, reply, req.params.code, 'query', p, res, started, { filter: req.body.filter?.map((f) => `${f.item}:${f.op}`) });
  });

  app.post('/exchange/:code/compare', {
    config: { permission: 'exchange.use' },
    schema: {
      tags: ['exchange'], summary: '比对（数据不落地）/ Compare without the data leaving the provider', params: Code,
      body: Strict({ records: Type.Array(Type.Record(Type.String({ maxLength: 64 }), Scalar), { minItems: 1, maxItems: 100_000 }), keys: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 10 }), purpose: Purpose }),
      response: Errors,
    },
  }, async (req, reply) => {
    const started = performance.now();
    const items = [...new Set([...req.body.keys, ...req.body.records.flatMap((r) => Object.keys(r))])];
    const p = await decide(req, req.params.code, 'compare', items, req.body.purpose);
    const consumer = req.actor.departmentId!;
    // The grant's daily quota when it names one (the approver's decision), else the platform default.
    const quota = p.decision.dailyQuota ?? undefined;
    const used = await checkQuota(ctx, consumer, req.params.code, req.body.records.length, quota);
    const res = await callNode({ nodeUrl: p.node.url, method: 'POST', path: '/v1/compare', ticket: p.ticket, body: JSON.stringify({ records: req.body.records, keys: req.body.keys }), headersTimeoutMs: 30_000, bodyTimeoutMs: 30_000 })
      .catch(async (err: DomainError) => { await bus.audit(req.actor, req.id, req.params.code, 'compare', p, 'failure', { error: err.code }); throw err; });
    // Art. 23 / SECURITY-NOTES: the log keeps counts, never the compared inputs.
    return relay(req, reply, req.params.code, 'compare', p, res, started, { records: req.body.records.length, keys: req.body.keys },
      (body) => recordCompare(ctx, req.actor, req.id, consumer, req.params.code, used, (JSON.parse(body.toString('utf8')) as { results: Array<{ status: string }> }).results, quota));
  });

  app.get('/exchange/:code/export', {
    config: { permission: 'exchange.use' },
    schema: {
      tags: ['exchange'], summary: '批量导出（流式 NDJSON/CSV）/ Bulk export, streamed', params: Code,
      querystring: Strict({ format: Type.Optional(Type.Union([Type.Literal('ndjson'), Type.Literal('csv')])), items: Type.Optional(Type.String({ maxLength: 4000 })), since: Type.Optional(Type.String({ maxLength: 64 })), cursor: Type.Optional(Type.String({ maxLength: 2000 })), purpose: Purpose }),
      response: Errors,
    },
  }, async (req, reply) => {
    const started = performance.now();
    const { code } = req.params;
    const { format = 'ndjson', items, since, cursor, purpose } = req.query;
    const p = await decide(req, code, 'export', items ? items.split(',').map((s) => s.trim()).filter(Boolean) : [], purpose);
    const qs = new URLSearchParams({ format, ...(since ? { since } : {}), ...(cursor ? { cursor } : {}) });
    const res = await callNode({ nodeUrl: p.node.url, method: 'GET', path: `/v1/export?${qs}`, ticket: p.ticket, headersTimeoutMs: 30_000, bodyTimeoutMs: 60_000 })
      .catch(async (err: DomainError) => { await bus.audit(req.actor, req.id, code, 'export', p, 'failure', { error: err.code }); throw err; });
    if (res.statusCode !== 200) return relay(req, reply, code, 'export', p, res, started, { format });
    const watermark = await markExport(ctx, req.actor, req.id, p, format); // Art. 39(4): signed header/trailer, marked rows (ADR 007)
    let bytes = 0;
    let rows = 0;
    res.body.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
    });
    const finish = (outcome: 'success' | 'failure', error?: string) => void bus.audit(req.actor, req.id, code, 'export', p, outcome, {
      format, bytes, rows: format === 'csv' ? Math.max(0, rows - 1) : rows, durationMs: Math.round(performance.now() - started), ...(error ? { error } : {}),
    }).catch((err: unknown) => req.log.error({ err }, 'audit of an export failed'));
    res.body.once('end', () => finish('success'));
    res.body.once('error', (err) => finish('failure', nodeError(err).code));
    const filename = `${code.replace('/', '_')}.${format}`;
    return (reply as FastifyReply).status(200).header('content-type', res.headers['content-type'] ?? 'application/x-ndjson')
      .header('content-disposition', `attachment; filename="${filename}"`).send(watermark(res.body));
  });

  app.post('/exchange/:code/ticket', {
    config: { permission: 'exchange.use' },
    schema: {
      tags: ['exchange'], summary: '直连节点票据（第二十三条）/ A ticket to call the node directly (Art. 23)', params: Code,
      body: Strict({ items: Items, method: Type.Union([Type.Literal('query'), Type.Literal('compare'), Type.Literal('export')]), purpose: Purpose }),
      response: { 200: Type.Object({ ticket: Type.String(), nodeUrl: Type.String(), expiresAt: Type.String() }), ...Errors },
    },
  }, async (req) => {
    const p = await decide(req, req.params.code, req.body.method, req.body.items, req.body.purpose);
    await bus.audit(req.actor, req.id, req.params.code, `ticket.${req.body.method}`, p, 'success', {});
    return { ticket: p.ticket, nodeUrl: p.node.url, expiresAt: new Date(p.claims.exp * 1000).toISOString() };
  });

  // Share method api (SPEC C2): a consumer's call passed through to the department's own API via the node, with the
  // same grant, ticket, masks (applied at the node) and audit. Bodies pass as bytes.
  app.register(async (passthrough) => {
    passthrough.removeAllContentTypeParsers();
    passthrough.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 8 * 1024 * 1024 }, (_req, body, next) => next(null, body));
    passthrough.route({
      method: ['GET', 'POST', 'PUT', 'DELETE'], url: '/exchange/:code/api/*',
      config: { permission: 'exchange.use' },
      schema: { tags: ['exchange'], summary: '接口共享透传（经节点转发至部门接口）/ API pass-through to the department\'s own API', params: Type.Object({ code: Type.String({ maxLength: 64 }), '*': Type.String({ maxLength: 2000 }) }) },
      handler: async (req, reply) => {
        const started = performance.now();
        const { code } = req.params as { code: string };
        const raw = req.url.slice(req.url.indexOf('/api/', req.url.indexOf('/exchange/')) + '/api/'.length);
        const p = await decide(req, code, 'api', [], undefined);
        const res = await callNode({ nodeUrl: p.node.url, method: req.method as 'GET' | 'POST', path: `/v1/api/${raw}`, ticket: p.ticket, body: Buffer.isBuffer(req.body) ? req.body : undefined, headersTimeoutMs: 15_000, bodyTimeoutMs: 15_000 })
          .catch(async (err: DomainError) => { await bus.audit(req.actor, req.id, code, 'api', p, 'failure', { error: err.code }); throw err; });
        return relay(req, reply, code, 'api', p, res, started, { path: raw.split('?')[0] });
      },
    });
  });

  return bus;
}
