import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';
import type { App, AppContext } from '../http/context.js';
import { countExchanges, Metrics } from './metrics.js';
import { readiness } from './readiness.js';

/** What the operations side keeps per platform: its metrics and whether a shutdown has begun. */
export interface OpsState {
  metrics: Metrics;
  draining: boolean;
}

const states = new WeakMap<AppContext, OpsState>();

export function opsState(ctx: AppContext): OpsState {
  let s = states.get(ctx);
  if (!s) {
    s = { metrics: new Metrics(), draining: false };
    countExchanges(ctx.audit, s.metrics);
    states.set(ctx, s);
  }
  return s;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const PROXY_HEADERS = ['x-forwarded-for', 'x-real-ip', 'forwarded'];

/**
 * /metrics tells a lot (routes, volumes, node names), so it is not public: with GOVSHARE_METRICS_TOKEN the scraper
 * sends it as a bearer token; without one only a direct loopback caller is served. A request relayed by a proxy on the
 * same host (nginx) carries forwarding headers and is refused, so loopback-only cannot be reached from outside.
 */
function mayScrape(req: FastifyRequest, token: string | undefined): boolean {
  if (token) {
    const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const digest = (s: string) => createHash('sha256').update(s).digest();
    return m !== null && timingSafeEqual(digest(m[1]!), digest(token));
  }
  return LOOPBACK.has(req.socket.remoteAddress ?? '') && PROXY_HEADERS.every((h) => req.headers[h] === undefined);
}

/** Readiness, metrics and the hooks they need; registered before the API routes so the hooks apply to all of them. */
export function opsRoutes(app: App, ctx: AppContext): void {
  const state = opsState(ctx);

  app.addHook('onResponse', async (req, reply) => {
    state.metrics.observeRequest(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
  });
  // A change another instance must hear of (a revoked grant) is announced before the answer that reports it is sent.
  app.addHook('onSend', async () => {
    await ctx.changes.settled();
  });

  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const r = await readiness(ctx, state.draining);
    if (r.checks.database !== 'ok') {
      req.log.warn({ database: r.checks.database }, 'readiness: database not reachable');
      r.checks.database = 'unreachable'; // the detail goes to the log, not to whoever asks
    }
    return reply.status(r.ready ? 200 : 503).send({ status: r.ready ? 'ready' : 'not_ready', checks: r.checks });
  });

  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    if (!mayScrape(req, ctx.config.ops.metricsToken)) {
      throw new DomainError('METRICS_FORBIDDEN', 403, '无权读取监控指标：请使用 GOVSHARE_METRICS_TOKEN 或从本机直接访问',
        'Metrics are not public: send GOVSHARE_METRICS_TOKEN as a bearer token, or scrape from loopback directly');
    }
    const text = await state.metrics.render(ctx.db);
    return reply.type(state.metrics.contentType).send(text);
  });
}
