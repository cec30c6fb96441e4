import { randomBytes, randomUUID } from 'node:crypto';
import { AuditLog } from './audit/audit.service.js';
import { hashPassword } from './auth/password.js';
import { CalendarService } from './calendar/calendar.service.js';
import type { Config } from './config.js';
import { advisoryLock, migrate, openDatabase, type DbHandle } from './db/database.js';
import { buildApp, type BuildOptions } from './http/app.js';
import type { App, AppContext } from './http/context.js';
import { insertUser } from './orgs/orgs.store.js';
import { loadPlatformKey } from './keys/platform-key.js';
import { secretBoxFromConfig } from './keys/master-key.js';
import { sealSecretsAtRest } from './keys/at-rest.js';
import { ChangeFeed } from './http/changes.js';
import { startFederationClient } from './federation/client.js';
import { joinInstances } from './ops/notify.js';

export interface Platform {
  ctx: AppContext;
  app: App;
  handle: DbHandle;
  /** Set when this start created the `admin` user with a generated password (printed once by the CLI). */
  generatedAdminPassword?: string;
  close(): Promise<void>;
}

export async function createContext(config: Config, handle: DbHandle): Promise<AppContext> {
  // Secrets at rest (docs/security.md): plain values of older versions are sealed now; a wrong master key stops the start here.
  const secrets = secretBoxFromConfig(config);
  await sealSecretsAtRest(handle.db, secrets);
  const keys = await loadPlatformKey(handle.db, config.crypto, `govshare:${config.level}:${config.region}`, secrets);
  // The platform key signs the audit checkpoints (Art. 33); the timer seals quiet periods every 10 s.
  const audit = new AuditLog(handle.db, config.crypto === 'gm' ? 'sm3' : 'sha256', {
    signer: keys,
    // Timer-driven sealing and detached (bus) events have no caller to tell: the operator's log does.
    onError: (err) => process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), msg: 'audit append failed (detached events are retried)', err: String(err) })}\n`),
  });
  return {
    keys,
    secrets,
    changes: new ChangeFeed(),
    config,
    db: handle.db,
    engine: handle.engine,
    audit,
    calendar: new CalendarService(handle.db),
    async tx(fn) {
      const result = await handle.db.transaction().execute(fn);
      await audit.flush();
      return result;
    },
  };
}

/** On an empty database, creates `admin` (province management office, DESIGN.md "Bootstrap"). */
async function bootstrapAdmin(ctx: AppContext): Promise<string | undefined> {
  const any = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return undefined;
  const generated = ctx.config.adminPassword ? undefined : randomBytes(12).toString('base64url');
  const password = ctx.config.adminPassword ?? generated!;
  const id = randomUUID();
  await ctx.tx(async (tx) => {
    // Another instance starting at the same moment may be doing the same: the lock lets one of them do it.
    await advisoryLock(tx, 'bootstrap');
    const again = await tx.selectFrom('users').select('id').where('username', '=', 'admin').executeTakeFirst();
    if (again) return;
    await insertUser(tx, { id, username: 'admin', passwordHash: await hashPassword(password, ctx.config.scryptCost), departmentId: null, displayName: '平台管理员', roles: ['admin'] });
    await ctx.audit.inTx(tx, { action: 'user.bootstrap', actor: { id: null, name: 'system', departmentId: null }, objectType: 'user', objectId: id, detail: { username: 'admin' } });
  });
  return generated;
}

export async function openPlatform(config: Config, opts: BuildOptions & { handle?: DbHandle } = {}): Promise<Platform> {
  const handle = opts.handle ?? await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await migrate(handle.db);
    const ctx = await createContext(config, handle);
    await ctx.calendar.reload(); // loaded before any request, so deadline code never waits for it inside a transaction
    const generatedAdminPassword = await bootstrapAdmin(ctx);
    await ctx.audit.flush(); // chain anything a crashed predecessor left waiting
    ctx.audit.start();
    const app = await buildApp(ctx, opts);
    // A city platform connects to its province platform and keeps the connection alive (SPEC C8).
    const stopFederation = startFederationClient(ctx, (err) => app.log.warn({ err }, 'federation connect failed'));
    // Several instances on one PostgreSQL hear each other's cache invalidations (docs/operations.md).
    const instances = handle.engine === 'postgres' && config.databaseUrl ? await joinInstances(ctx.changes, ctx.db, config.databaseUrl, app.log) : undefined;
    return {
      ctx, app, handle,
      ...(generatedAdminPassword ? { generatedAdminPassword } : {}),
      async close() {
        stopFederation();
        await app.close(); // waits for in-flight requests (exports included) to finish
        await instances?.close();
        ctx.audit.stop();
        await ctx.audit.checkpoint().catch(() => undefined);
        await handle.close();
      },
    };
  } catch (err) {
    await handle.close();
    throw err;
  }
}
