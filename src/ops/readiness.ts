import { sql } from 'kysely';
import { migrations } from '../db/migrations/index.js';
import type { AppContext } from '../http/context.js';

export interface Readiness {
  ready: boolean;
  checks: {
    database: 'ok' | string;
    migrations: 'ok' | string;
    keys: 'ok' | string;
    shutdown: 'no' | 'draining';
  };
}

type Ctx = Pick<AppContext, 'db' | 'keys'>;

const PROBE = new TextEncoder().encode('govshare readiness probe');

/**
 * Whether this instance should get traffic (the load balancer's /readyz): the database answers, every migration this
 * build knows has run (an instance of a newer build waits for its migrations; one of an older build sees extra rows
 * and stays ready, so a rolling upgrade works), the platform key signs and verifies, and no shutdown has begun.
 */
export async function readiness(ctx: Ctx, draining: boolean): Promise<Readiness> {
  const checks: Readiness['checks'] = { database: 'ok', migrations: 'ok', keys: 'ok', shutdown: draining ? 'draining' : 'no' };
  try {
    const rows = await withTimeout(sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(ctx.db), 3000);
    const done = new Set(rows.rows.map((r) => r.name));
    const missing = Object.keys(migrations).filter((m) => !done.has(m));
    if (missing.length > 0) checks.migrations = `pending: ${missing.join(', ')}`;
  } catch (err) {
    checks.database = err instanceof Error ? err.message : String(err);
    checks.migrations = 'unknown';
  }
  try {
    const { suite, key } = ctx.keys;
    const signature = suite.sign(PROBE, key);
    if (!suite.verify(PROBE, signature, suite.publicKey(key.publicPem))) checks.keys = 'the platform key does not verify its own signature';
  } catch (err) {
    checks.keys = `platform key not usable: ${err instanceof Error ? err.message : String(err)}`;
  }
  const ready = checks.database === 'ok' && checks.migrations === 'ok' && checks.keys === 'ok' && !draining;
  return { ready, checks };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`database did not answer in ${ms} ms`)), ms); }),
  ]);
}
