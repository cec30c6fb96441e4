import type { PGlite } from '@electric-sql/pglite';
import { PostgresDialect, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';

/**
 * Kysely's own PostgresDialect over one PGlite instance, through a one-connection "pool".
 *
 * Written here because no maintained Kysely dialect supports PGlite 0.5 (kysely-pglite-dialect pins
 * PGlite <= 0.4; kysely-pglite drags in a CLI toolchain). PGlite is a single session: the mutex below hands
 * the session to one Kysely connection at a time, so a transaction is never interleaved with another
 * caller's statements (DESIGN.md "Storage").
 */
class Mutex {
  private tail: Promise<void> = Promise.resolve();
  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }
}

function commandOf(sql: string): PostgresQueryResult<unknown>['command'] {
  const word = /^\s*(\w+)/.exec(sql)?.[1]?.toUpperCase();
  return (word === 'INSERT' || word === 'UPDATE' || word === 'DELETE' || word === 'MERGE' ? word : 'SELECT');
}

export function pgliteDialect(db: PGlite): PostgresDialect {
  const mutex = new Mutex();
  const pool: PostgresPool = {
    async connect(): Promise<PostgresPoolClient> {
      const release = await mutex.acquire();
      let released = false;
      return {
        async query<R>(sql: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
          const result = await db.query<R>(sql, parameters as unknown[]);
          return { command: commandOf(sql), rowCount: result.affectedRows ?? result.rows.length, rows: result.rows };
        },
        release() {
          if (!released) { released = true; release(); }
        },
      } as PostgresPoolClient;
    },
    async end() {
      await db.close();
    },
  };
  return new PostgresDialect({ pool });
}
