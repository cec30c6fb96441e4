import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { DomainError } from '../errors.js';
import { errorHandler } from '../http/error-handler.js';
import { validatorCompiler } from '../http/validation.js';
import { packageRoot } from '../paths.js';
import { parseCompact } from '../crypto/jws.js';
import { loadNodeConfig, type NodeConfig } from './config.js';
import { nodeRoutes, type RequestRecord } from './routes.js';
import { openNode, type NodeRuntime, type OpenOptions } from './runtime.js';

/**
 * The node's HTTP server. Every /v1 route names the ticket method it needs; the ticket is verified in `onRequest`,
 * before the body is even read, so nothing is parsed or queried for a caller without a valid ticket.
 * Every request that presented (or should have presented) a ticket becomes one event in the node's log.
 */
function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m?.[1];
}

export function buildNodeApp(rt: NodeRuntime): FastifyInstance {
  const app = Fastify({
    loggerInstance: rt.log as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    // The node's event log (events.ts) records every ticketed request; Fastify's two log lines per request would
    // repeat it at a cost of about a tenth of the node's CPU (measured with --cpu-prof).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: rt.config.bodyLimitBytes,
    ajv: { customOptions: { removeAdditional: false } },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);

  app.addHook('onRequest', async (req) => {
    const method = req.routeOptions.config.ticket;
    if (!method) return;
    const record: RequestRecord = { started: performance.now(), method, items: [], rows: 0, bytes: 0 };
    req.record = record;
    record.claims = rt.gate.admit(bearer(req.headers.authorization), method);
  });
  app.addHook('onError', async (req, _reply, err) => {
    if (req.record) req.record.code = err instanceof DomainError ? err.code : (err as { code?: string }).code ?? 'INTERNAL_ERROR';
  });
  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('x-request-id', req.id);
    reply.header('cache-control', 'no-store');
    if (req.record && (typeof payload === 'string' || Buffer.isBuffer(payload))) req.record.bytes = Buffer.byteLength(payload);
    return payload;
  });
  app.addHook('onResponse', async (req, reply) => {
    const r = req.record;
    if (!r) return;
    const status = reply.statusCode;
    const claims = r.claims;
    // A refused ticket is logged with the jti it claimed (unverified) so repeated forgeries can be traced.
    const claimedJti = claims?.jti ?? ((parseCompact(bearer(req.headers.authorization) ?? '')?.payload as { jti?: unknown } | undefined)?.jti);
    const outcome = status >= 500 || r.progress?.failed ? 'error' : status >= 400 ? 'refused' : r.progress && !r.progress.completed ? 'aborted' : 'ok';
    rt.events.append({
      jti: typeof claimedJti === 'string' ? claimedJti.slice(0, 200) : null,
      consumer: claims?.sub ?? null, actor: claims?.act ?? null, grant: claims?.grant ?? null, resource: claims?.res ?? null,
      method: r.method, items: r.items, rows: r.progress?.rows ?? r.rows, bytes: r.progress?.bytes ?? r.bytes,
      outcome, code: r.code ?? r.progress?.failed ?? (outcome === 'aborted' ? 'CLIENT_CLOSED' : null),
      durationMs: Math.round((performance.now() - r.started) * 10) / 10, requestId: req.id, detail: r.detail ?? null,
    });
  });

  app.setNotFoundHandler((req, reply) => reply.status(404).send({
    error: { code: 'ROUTE_NOT_FOUND', message: `接口不存在：${req.method} ${req.url.split('?')[0]}`, messageEn: `No such endpoint: ${req.method} ${req.url.split('?')[0]}` },
  }));
  nodeRoutes(app, rt, version());
  return app;
}

export interface RunningNode {
  url: string;
  app: FastifyInstance;
  runtime: NodeRuntime;
  close(): Promise<void>;
}

/**
 * Starts a node in this process: from a config object or a config file path. `listen` overrides the configured
 * address (tests pass { port: 0 }). Used by `govshare node --config F` and by the integration tests.
 */
export async function startNode(config: NodeConfig | string, opts: OpenOptions & { listen?: { host?: string; port?: number } } = {}): Promise<RunningNode> {
  const cfg = typeof config === 'string' ? loadNodeConfig(config) : config;
  const runtime = await openNode(cfg, opts);
  const app = buildNodeApp(runtime);
  try {
    const address = await app.listen({ host: opts.listen?.host ?? cfg.listen.host, port: opts.listen?.port ?? cfg.listen.port });
    return {
      url: address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1'),
      app,
      runtime,
      async close() {
        await app.close();
        await runtime.close();
      },
    };
  } catch (err) {
    await runtime.close();
    throw err;
  }
}
