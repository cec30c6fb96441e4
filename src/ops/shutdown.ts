import type { Platform } from '../platform.js';
import { opsState } from './ops.routes.js';
import { flushTracing } from './tracing.js';

interface Log { info(obj: object, msg: string): void; warn(obj: object, msg: string): void; error(obj: object, msg: string): void }

/**
 * SIGTERM/SIGINT of `govshare serve`: stop taking work, finish what is in flight, make the audit durable, exit.
 * 1. /readyz turns 503 so the load balancer sends no new requests; the scheduler finishes its current run.
 * 2. The HTTP server stops accepting and waits for in-flight requests: an exchange, a streamed export, each writes its
 *    audit event before its answer ends, so when they are done their events are queued or chained.
 * 3. The audit appender chains what is queued and seals a signed checkpoint; then the database closes.
 * If requests are still running after GOVSHARE_SHUTDOWN_TIMEOUT_SECONDS their connections are cut (an export cut so
 * is audited as a failure), the audit is still flushed, and the process exits 1. A second signal changes nothing.
 */
export function handleShutdownSignals(platform: Platform, scheduler: { stop(): Promise<void> }, log: Log): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return log.warn({ signal }, 'shutdown already in progress');
    stopping = true;
    opsState(platform.ctx).draining = true;
    const seconds = platform.ctx.config.ops.shutdownTimeoutSeconds;
    log.info({ signal, timeoutSeconds: seconds }, 'shutting down: draining in-flight requests');
    let code = 0;
    const cut = setTimeout(() => {
      code = 1;
      log.warn({}, 'shutdown timeout: cutting the connections still open');
      platform.app.server.closeAllConnections();
      // Last resort if even the audit flush cannot finish (database gone): leave anyway.
      setTimeout(() => process.exit(1), 10_000).unref();
    }, seconds * 1000);
    cut.unref();
    try {
      await scheduler.stop();
      await platform.close();
      log.info({}, 'shutdown complete: audit flushed and sealed');
    } catch (err) {
      code = 1;
      log.error({ err }, 'shutdown failed');
    }
    clearTimeout(cut);
    await flushTracing(); // the last spans (OpenTelemetry, when configured), at most a few seconds
    process.exit(code);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
