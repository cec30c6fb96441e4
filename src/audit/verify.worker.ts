import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database.js';
import { eventWindow } from './audit.store.js';
import type { HashAlgorithm } from './chain.js';
import { RangeVerifier, type RangeResult, type RangeTask } from './range-verifier.js';

/** One thread of the parallel verifier (verify.parallel.ts): its own connection, one range at a time. */
const { databaseUrl, alg } = workerData as { databaseUrl: string; alg: HashAlgorithm };
const handle = await openDatabase({ databaseUrl, poolSize: 2 });
const PAGE = 10_000;

async function run(task: RangeTask): Promise<RangeResult> {
  const v = new RangeVerifier(alg, task);
  let next = eventWindow(handle.db, task.firstSeq - 1, PAGE, task.lastSeq);
  for (let after = task.firstSeq - 1; after < task.lastSeq; after += PAGE) {
    const page = await next;
    // Ask for the next window now: the server reads it while this one is hashed.
    next = eventWindow(handle.db, after + PAGE, PAGE, task.lastSeq);
    for (const e of page) {
      if (!v.event(e)) {
        await next.catch(() => undefined);
        return v.result();
      }
    }
  }
  await next.catch(() => undefined);
  return v.result();
}

parentPort!.on('message', (msg: { id: number; task: RangeTask } | 'close') => {
  if (msg === 'close') {
    void handle.close().then(() => parentPort!.close());
    return;
  }
  run(msg.task).then(
    (result) => parentPort!.postMessage({ id: msg.id, result }),
    (err: unknown) => parentPort!.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) }),
  );
});
parentPort!.postMessage({ ready: true });
