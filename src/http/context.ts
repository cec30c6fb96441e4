import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AuditLog } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { Permission } from '../auth/policy.js';
import type { CalendarService } from '../calendar/calendar.service.js';
import type { Config } from '../config.js';
import type { Db, Tx } from '../db/database.js';
import type { PlatformKey } from '../keys/platform-key.js';
import type { SecretBox } from '../crypto/secrets.js';
import type { ChangeFeed } from './changes.js';

/** What every domain's routes and services get: passed explicitly, no god object of services. */
export interface AppContext {
  config: Config;
  db: Db;
  engine: 'postgres' | 'pglite';
  audit: AuditLog;
  calendar: CalendarService;
  /** The platform's signing key (tickets, checkpoints, agreements). */
  keys: PlatformKey;
  /** Seals and opens secrets at rest with the master key (src/crypto/secrets.ts, docs/security.md). */
  secrets: SecretBox;
  /** Say here when grants, resources or nodes change, so caches drop what they hold. */
  changes: ChangeFeed;
  /** Runs `fn` in a transaction, then chains the audit events it wrote before returning (durable before the response). */
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

/** Every route declares who may call it; a route that declares neither is refused at request time. */
export type RouteAuth = { permission: Permission; public?: never } | { public: true; permission?: never };

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyContextConfig {
    permission?: Permission;
    public?: true;
  }
}
