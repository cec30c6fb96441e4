import type { FastifyRequest } from 'fastify';
import type {} from '@fastify/rate-limit'; // its FastifyInstance.createRateLimit type
import { DomainError } from '../errors.js';
import type { App } from '../http/context.js';

export interface LimitOptions {
  /** Requests allowed per window for one key. */
  max: number;
  /** Window in milliseconds (default one minute). */
  windowMs?: number;
  /** What is counted: the client address (default), or any string from the request (a username, a portal query). */
  key?: (req: FastifyRequest) => string;
  /** Names the limit in keys, so two limits on one route count separately. */
  name: string;
}

const limited = (seconds: number) => new DomainError('RATE_LIMITED', 429, `请求过于频繁，请 ${seconds} 秒后重试`, `Too many requests; try again in ${seconds} s`, { retryAfterSeconds: seconds });

/**
 * A reusable request limit (in-memory per instance, @fastify/rate-limit's store) as a preHandler hook, so it can
 * count by the parsed body too. Several limits may stack on one route: unlike the plugin's own `rateLimit` hook,
 * each runs. Used by POST /auth/login (per address and per username); the open-data portal can add
 * `preHandler: requestLimit(app, { name: 'portal', max: 120 })` to its routes. Needs the plugin registered (app.ts).
 */
export function requestLimit(app: App, opts: LimitOptions) {
  const check = app.createRateLimit({
    max: opts.max, timeWindow: opts.windowMs ?? 60_000,
    keyGenerator: (req) => `${opts.name}:${opts.key ? opts.key(req) : req.ip}`,
  });
  return async function limit(req: FastifyRequest, reply: { header(name: string, value: unknown): unknown }): Promise<void> {
    const r = await check(req);
    if (r.isAllowed || !r.isExceeded) return;
    reply.header('retry-after', r.ttlInSeconds);
    req.log.warn({ limit: opts.name, key: r.key }, 'rate limit exceeded');
    throw limited(r.ttlInSeconds);
  };
}
