import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { DbOrTx } from '../db/database.js';
import { GENESIS_HASH, type HashAlgorithm } from './chain.js';
import { keyRing, type KeyRing } from './checkpoint.js';
import { auditKeyPems, checkpointsAfter } from './checkpoint.store.js';
import { eventWindow, headSeq } from './audit.store.js';
import { LogVerifier, type LogProblem, type LogVerifyResult } from './log-verifier.js';
import { RangeVerifier, type RangeResult, type RangeTask } from './range-verifier.js';
import { archivedThrough } from './verify.service.js';

const CHUNK = 50_000;
type Failure = { firstBadSeq: number; reason: LogProblem; checkpointIndex?: number };

/** A worker on the compiled .js, or on the TypeScript source through tsx (npm run govshare, tests). */
function spawn(workerData: unknown): Worker {
  const entry = new URL(`./verify.worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);
  if (entry.pathname.endsWith('.js')) return new Worker(entry, { workerData });
  const boot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`), { workerData });
}

/** Runs tasks on `n` workers, each taking the next task when it is done. */
async function runTasks(tasks: RangeTask[], n: number, data: unknown, onDone: (r: RangeResult) => void): Promise<RangeResult[]> {
  const results: RangeResult[] = new Array(tasks.length);
  let nextTask = 0;
  const one = (w: Worker) => new Promise<void>((resolve, reject) => {
    const give = () => {
      if (nextTask >= tasks.length) {
        w.postMessage('close');
        resolve();
        return;
      }
      const id = nextTask++;
      w.postMessage({ id, task: tasks[id] });
    };
    w.on('message', (m: { ready?: true; id?: number; result?: RangeResult; error?: string }) => {
      if (m.error) return reject(new Error(m.error));
      if (m.id !== undefined && m.result) {
        results[m.id] = m.result;
        onDone(m.result);
      }
      give();
    });
    w.on('error', reject);
  });
  const workers = Array.from({ length: Math.max(1, Math.min(n, tasks.length)) }, () => spawn(data));
  try {
    await Promise.all(workers.map(one));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

/**
 * `verifyStoredLog` on several cores (PostgreSQL only: each worker thread opens its own connection). The main thread
 * checks the signed checkpoints in order; the ranges between them are independent once a verified checkpoint gives
 * the chain head each one resumes from, so workers check them side by side. Same findings, same first bad seq.
 */
export async function verifyStoredLogParallel(db: DbOrTx, alg: HashAlgorithm, opts: { databaseUrl: string; workers?: number; onProgress?: (seq: number) => void; trusted?: KeyRing }): Promise<LogVerifyResult> {
  const keys = opts.trusted ?? keyRing(await auditKeyPems(db));
  const eventsFrom = (await archivedThrough(db)) + 1;
  const cpv = new LogVerifier(alg, keys, { nextIndex: 1, prevCheckpointHash: GENESIS_HASH, frontier: [], eventsFrom: Number.MAX_SAFE_INTEGER });
  const failures: Failure[] = [];
  const tasks: RangeTask[] = [];
  let prevHash: string | undefined = eventsFrom === 1 ? GENESIS_HASH : undefined;
  let open: RangeTask | undefined;
  let lastCp: { seq: number; chainHead: string } | undefined;
  for (let after = 0, done = false; !done;) {
    const page = await checkpointsAfter(db, after, 1000);
    done = page.length < 1000;
    for (const cp of page) {
      if (!cpv.checkpoint(cp)) {
        const r = cpv.result();
        if (!r.ok) failures.push({ firstBadSeq: r.firstBadSeq, reason: r.reason, ...(r.checkpointIndex ? { checkpointIndex: r.checkpointIndex } : {}) });
        done = true;
        break;
      }
      lastCp = cp;
      after = cp.index;
      if (cp.seq < eventsFrom) {
        if (cp.seq === eventsFrom - 1) prevHash = cp.chainHead;
        continue;
      }
      if (prevHash === undefined) { failures.push({ firstBadSeq: eventsFrom, reason: 'gap' }); done = true; break; }
      open ??= { firstSeq: Math.max(eventsFrom, cp.firstSeq), lastSeq: cp.seq, prevHash, intervals: [], last: false };
      open.intervals.push({ index: cp.index, firstSeq: cp.firstSeq, seq: cp.seq, merkleRoot: cp.merkleRoot, chainHead: cp.chainHead });
      open.lastSeq = cp.seq;
      if (open.lastSeq - open.firstSeq + 1 >= CHUNK) {
        tasks.push(open);
        prevHash = cp.chainHead;
        open = undefined;
      }
    }
  }
  if (open) tasks.push(open);
  if (lastCp && lastCp.seq >= eventsFrom) prevHash = lastCp.chainHead;

  // The unsealed tail (after the last checkpoint), on this thread: usually at most a few seconds of events.
  const tailFrom = Math.max(eventsFrom, (lastCp?.seq ?? 0) + 1);
  const tail = new RangeVerifier(alg, { firstSeq: tailFrom, lastSeq: tailFrom - 1, prevHash: prevHash ?? GENESIS_HASH, intervals: [], last: true });
  let unsealed = 0;
  let lastEvent: { seq: number; hash: string } | undefined;
  const head = await headSeq(db);
  for (let after = tailFrom - 1; after < head; after += 10_000) {
    for (const e of await eventWindow(db, after, 10_000, head)) if (tail.event(e)) { unsealed++; lastEvent = e; }
  }
  const tailResult = tail.result();
  if (!tailResult.ok && prevHash !== undefined) failures.push(tailResult);
  const last = tasks[tasks.length - 1];
  if (last) last.last = unsealed === 0 && tailResult.ok;

  let progressed = eventsFrom - 1;
  const results = await runTasks(tasks, opts.workers ?? os.availableParallelism(), { databaseUrl: opts.databaseUrl, alg }, (r) => {
    progressed += r.checked;
    opts.onProgress?.(progressed);
  });
  for (const r of results) if (!r.ok) failures.push(r);
  const checkedAll = results.reduce((n, r) => n + r.checked, 0) + unsealed;
  const cps = cpv.result();
  if (failures.length > 0) {
    const first = failures.reduce((a, b) => (b.firstBadSeq < a.firstBadSeq ? b : a));
    return { ok: false, checked: Math.max(0, first.firstBadSeq - eventsFrom), checkpoints: cps.checkpoints, firstBadSeq: first.firstBadSeq, reason: first.reason, ...(first.checkpointIndex ? { checkpointIndex: first.checkpointIndex } : {}) };
  }
  return {
    ok: true, checked: checkedAll, checkpoints: cps.checkpoints, unsealed,
    lastSeq: lastEvent?.seq ?? lastCp?.seq ?? 0, lastHash: lastEvent?.hash ?? lastCp?.chainHead ?? GENESIS_HASH,
    ...(cps.ok && cps.lastCheckpoint ? { lastCheckpoint: cps.lastCheckpoint } : {}),
  };
}
