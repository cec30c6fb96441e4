import diagnostics from 'node:diagnostics_channel';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type * as OtelApi from '@opentelemetry/api';
import type * as OtelCore from '@opentelemetry/core';
import type * as OtelResources from '@opentelemetry/resources';
import type * as OtelTraceNode from '@opentelemetry/sdk-trace-node';
import type * as OtelExporter from '@opentelemetry/exporter-trace-otlp-http';
import type * as OtelInstrumentation from '@opentelemetry/instrumentation';
import type * as OtelHttp from '@opentelemetry/instrumentation-http';
import type * as OtelUndici from '@opentelemetry/instrumentation-undici';
import type * as OtelPg from '@opentelemetry/instrumentation-pg';
import { packageRoot } from '../paths.js';

// OpenTelemetry tracing (issue 11, docs/operations.md "Tracing"): on only when the standard OTLP endpoint variable is
// set. Only type imports above: when tracing is off nothing of the SDK is loaded. When it is on, the SDK is loaded
// with require(), synchronously, because the instrumentations must be in place before src/cli.ts's own imports load
// fastify, pg and undici (an `await import()` here would let those sibling imports run first).

type Env = Record<string, string | undefined>;
export type TracedService = 'govshare-platform' | 'govshare-node';

/** The OTLP/HTTP endpoint the operator configured, or undefined: tracing off. */
export function tracingEndpoint(env: Env): string | undefined {
  return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT || undefined;
}

/** Which service a command line runs; only the long-running ones are traced (a backup's spans would be cut at exit). */
export function tracedService(argv: readonly string[]): TracedService | undefined {
  let i = 2;
  while (argv[i] === '--config') i += 2; // the global option before the command (src/ops/ops.cli.ts)
  const command = argv[i];
  if (command === 'serve' || command === 'demo') return 'govshare-platform';
  if (command === 'node' && argv[i + 1] !== 'keygen') return 'govshare-node';
  return undefined;
}

/** Query strings can carry search terms or values of a request: spans keep the path only. */
const URL_ATTRIBUTES = ['http.url', 'http.target', 'url.full', 'url.query'] as const;
export function stripQuery(value: string): string {
  const i = value.indexOf('?');
  return i < 0 ? value : value.slice(0, i);
}

function withoutQuery(span: OtelApi.Span): void {
  // The SDK's span exposes what the instrumentation recorded so far; overwrite those holding a query string.
  const attrs = (span as unknown as { attributes?: Record<string, unknown> }).attributes ?? {};
  for (const key of URL_ATTRIBUTES) {
    const v = attrs[key];
    if (typeof v === 'string' && (key === 'url.query' || v.includes('?'))) span.setAttribute(key, key === 'url.query' ? '' : stripQuery(v));
  }
}

/** Probes and scrapes come every few seconds; tracing them would drown the exchanges. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

function version(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export interface Tracing {
  readonly service: string;
  /** Exports what is buffered and stops; used by tests. */
  shutdown(): Promise<void>;
}

/**
 * Starts the tracer provider (W3C trace context propagation, batch export over OTLP/HTTP JSON) and the http, undici
 * and pg instrumentations. Standard variables apply: OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES override the
 * resource, OTEL_BSP_* tune batching, OTEL_TRACES_SAMPLER samples.
 */
export function startTracing(service: TracedService, env: Env = process.env): Tracing {
  const require = createRequire(import.meta.url);
  const api = require('@opentelemetry/api') as typeof OtelApi;
  const core = require('@opentelemetry/core') as typeof OtelCore;
  const resources = require('@opentelemetry/resources') as typeof OtelResources;
  const { NodeTracerProvider, BatchSpanProcessor } = require('@opentelemetry/sdk-trace-node') as typeof OtelTraceNode;
  const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http') as typeof OtelExporter;
  const { registerInstrumentations } = require('@opentelemetry/instrumentation') as typeof OtelInstrumentation;
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http') as typeof OtelHttp;
  const { UndiciInstrumentation } = require('@opentelemetry/instrumentation-undici') as typeof OtelUndici;
  const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg') as typeof OtelPg;

  // Our defaults first, then OTEL_SERVICE_NAME / OTEL_RESOURCE_ATTRIBUTES on top (merge: the argument wins).
  const resource = resources.resourceFromAttributes({
    'service.name': service,
    'service.namespace': 'govshare',
    'service.version': version(),
    'govshare.region': env.GOVSHARE_REGION || '510000',
  }).merge(resources.detectResources({ detectors: [resources.envDetector] }));

  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  provider.register(); // AsyncLocalStorage context, W3C traceparent + baggage propagation

  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      // No headersToSpanAttributes: request headers (Authorization of the bus, tickets) are never recorded.
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has(stripQuery(req.url ?? '')),
        requestHook: (span) => withoutQuery(span),
      }),
      new UndiciInstrumentation({ requestHook: (span) => withoutQuery(span) }),
      // enhancedDatabaseReporting off: statement text with placeholders only, never parameter values or results.
      new PgInstrumentation({ enhancedDatabaseReporting: false, requireParentSpan: true }),
    ],
  });
  // The hooks patch modules as they are required; load these now so their shared prototypes are patched before
  // the ESM imports of fastify and pg reuse the same loaded modules.
  require('node:http');
  require('node:https');
  try { require('pg'); } catch { /* not installed: nothing to trace */ }

  // Fastify announces each routed handler; naming the server span after the route (GET /api/v1/resources/:id)
  // gives traces and their http.route without an instrumentation that needs an ESM loader hook.
  diagnostics.subscribe('tracing:fastify.request.handler:start', (message) => {
    const route = (message as { route?: { url?: string } }).route?.url;
    const meta = core.getRPCMetadata(api.context.active());
    if (route && meta?.type === core.RPCType.HTTP) meta.route = route;
  });

  if (env.OTEL_EXPORTER_OTLP_PROTOCOL && env.OTEL_EXPORTER_OTLP_PROTOCOL !== 'http/json') {
    process.stderr.write(`govshare: traces are sent as OTLP/HTTP JSON (http/json); OTEL_EXPORTER_OTLP_PROTOCOL=${env.OTEL_EXPORTER_OTLP_PROTOCOL} is not used\n`);
  }
  active = { service, shutdown: () => provider.shutdown() };
  return active;
}

let active: Tracing | undefined;

/** Exports the spans still buffered, waiting at most `ms`; called on the way out (src/ops/shutdown.ts). */
export async function flushTracing(ms = 3000): Promise<void> {
  if (!active) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([active.shutdown().catch(() => undefined), new Promise((r) => { timer = setTimeout(r, ms); })]);
  clearTimeout(timer);
}
