import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../db/database.js';
import type { ChangeFeed, ChangeTopic } from '../http/changes.js';

const CHANNEL = 'govshare_changes';
const TOPICS: readonly ChangeTopic[] = ['grants', 'resources', 'nodes'];

interface Log { warn(obj: object, msg: string): void; info(obj: object, msg: string): void }

/**
 * Joins a platform's change feed to the other instances on the same PostgreSQL database: local notices go out with
 * NOTIFY, theirs come in on one dedicated LISTEN connection. While that connection is down (database restart) notices
 * can be missed, so on every (re)connect all caches are dropped, and the feed keeps retrying every few seconds.
 */
export async function joinInstances(feed: ChangeFeed, db: Db, databaseUrl: string, log: Log): Promise<{ close(): Promise<void> }> {
  const instance = randomUUID();
  let client: pg.Client | undefined;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl, application_name: 'govshare-changes' });
    c.on('notification', (msg) => {
      if (msg.channel !== CHANNEL || !msg.payload) return;
      const [from, topic] = msg.payload.split('|');
      if (from !== instance && TOPICS.includes(topic as ChangeTopic)) feed.receive(topic as ChangeTopic);
    });
    c.on('error', (err) => {
      log.warn({ err: err.message }, 'change feed: LISTEN connection lost; retrying');
      c.end().catch(() => undefined);
      if (client === c) client = undefined;
      schedule();
    });
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    client = c;
    for (const t of TOPICS) feed.receive(t); // whatever was missed while not listening
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = undefined;
      connect().catch(() => schedule());
    }, 3000);
    retry.unref();
  };

  await connect();
  feed.relayTo(async (topic) => {
    await sql`SELECT pg_notify(${CHANNEL}, ${`${instance}|${topic}`})`.execute(db);
  });
  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      feed.relayTo(undefined);
      await feed.settled();
      await client?.end().catch(() => undefined);
      client = undefined;
    },
  };
}
