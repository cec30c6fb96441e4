import { describe, expect, it } from 'vitest';
import { stripQuery, tracedService, tracingEndpoint } from './tracing.js';

// Which processes are traced and where to: the rules of src/ops/tracing.start.ts (the end-to-end test is
// test/ops/tracing.test.ts).
describe('tracing settings', () => {
  it('is on only with an OTLP endpoint', () => {
    expect(tracingEndpoint({})).toBeUndefined();
    expect(tracingEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: '' })).toBeUndefined();
    expect(tracingEndpoint({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe('http://collector:4318');
    expect(tracingEndpoint({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe('http://collector:4318/v1/traces');
  });

  it('traces the platform and the node, not one-shot commands', () => {
    const argv = (...a: string[]) => ['node', 'govshare', ...a];
    expect(tracedService(argv('serve'))).toBe('govshare-platform');
    expect(tracedService(argv('demo'))).toBe('govshare-platform');
    expect(tracedService(argv('--config', 'ops.json', 'serve'))).toBe('govshare-platform');
    expect(tracedService(argv('node', '--config', 'node.json'))).toBe('govshare-node');
    expect(tracedService(argv('node', 'keygen', '--out', 'k.pem'))).toBeUndefined();
    expect(tracedService(argv('backup', '--out', 'b.tar'))).toBeUndefined();
    expect(tracedService(argv())).toBeUndefined();
  });

  it('keeps the path of a URL, never its query', () => {
    expect(stripQuery('/api/v1/resources?q=身份证')).toBe('/api/v1/resources');
    expect(stripQuery('http://node:8443/v1/query')).toBe('http://node:8443/v1/query');
  });
});
