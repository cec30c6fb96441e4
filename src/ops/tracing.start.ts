import { startTracing, tracedService, tracingEndpoint } from './tracing.js';

// Imported first by src/cli.ts: starts OpenTelemetry before anything loads fastify, pg or undici, and only when
// OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT) is set; otherwise it does nothing and loads nothing.
const service = tracedService(process.argv);
if (service && tracingEndpoint(process.env)) startTracing(service);
