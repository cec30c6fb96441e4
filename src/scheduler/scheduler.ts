import { advisoryLock } from '../db/database.js';
import type { AppContext } from '../http/context.js';
import { deliverDue } from '../notifications/deliver.js';
import { nodeHealthJob } from '../exchange/node-health.job.js';
import { monitorJob } from '../monitoring/monitor.job.js';
import { circulateOverdue } from '../supervision/notices.service.js';
import { proposeDaily } from '../supervision/notices.detect.js';
import { deliverIncidents } from '../incidents/incident.delivery.js';
import { recordRun } from './reminders.store.js';
import { todayInShanghai } from '../calendar/dates.js';
import { workflow, type WorkflowLog, type WorkflowRuntime } from './runtime.js';
import { sweepApplications, sweepDisputes, sweepGrants, sweepObjections, type Counts, type SweepEnv } from './sweeps.js';

type Ctx = Pick<AppContext, 'db' | 'tx' | 'audit' | 'calendar' | 'keys' | 'secrets' | 'config' | 'changes'>;

export interface Job {
  name: string;
  run(ctx: Ctx, rt: WorkflowRuntime, now: Date): Promise<Counts>;
}

/**
 * A sweep runs in one transaction holding the database advisory lock named after it (DESIGN.md: jobs run once across
 * several platform instances); its notices are written in the same transaction, so a failed sweep sends nothing.
 */
function sweep(name: string, fn: (env: SweepEnv) => Promise<Counts>): Job {
  return {
    name,
    async run(ctx, rt, now) {
      const cal = await ctx.calendar.get();
      return ctx.tx(async (tx) => {
        await advisoryLock(tx, `job:${name}`);
        return fn({ tx, ctx, rt, cal, today: todayInShanghai(now) });
      });
    },
  };
}

export const JOBS: Job[] = [
  sweep('application-deadlines', sweepApplications),
  sweep('objection-deadlines', sweepObjections),
  sweep('dispute-deadlines', sweepDisputes),
  sweep('grant-expiry', sweepGrants),
  // Nodes: health, latency and version; their signed logs and data stats (Art. 21, 33). Leased, not locked in a tx.
  { name: 'node-health', run: async (ctx) => nodeHealthJob(ctx) },
  // Art. 32: the alert rules over the audit events after the last processed seq and the nodes' shipped events (leased).
  { name: 'monitoring', run: async (ctx, rt) => monitorJob(ctx, rt) },
  // Art. 31: incidents forwarded to the security authority, retried.
  { name: 'incident-delivery', run: async (ctx, rt, now) => deliverIncidents(ctx, rt, now) },
  // Art. 39: overdue rectification notices become written circulars; detected problems become proposals for the office.
  sweep('notice-circulars', circulateOverdue),
  sweep('notice-proposals', proposeDaily),
  // Last: sends what the sweeps above just queued.
  { name: 'notification-delivery', run: async (ctx, rt, now) => deliverDue(ctx, rt, now) },
];

/** The platform's one scheduler (DESIGN.md): periodic jobs, each run recorded in scheduler_runs. Off in tests unless called. */
export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(private readonly ctx: Ctx, private readonly rt: WorkflowRuntime, private readonly jobs: Job[] = JOBS) {}

  async runJob(name: string, now: Date = this.rt.now()): Promise<Counts> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job) throw new RangeError(`no scheduler job ${name}`);
    const started = new Date();
    try {
      const result = await job.run(this.ctx, this.rt, now);
      await recordRun(this.ctx.db, name, started, result, null);
      if (Object.keys(result).some((k) => result[k])) this.rt.log.info({ job: name, result }, 'scheduler job done');
      return result;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.rt.log.error({ job: name, err }, 'scheduler job failed');
      await recordRun(this.ctx.db, name, started, null, message.slice(0, 1000)).catch(() => undefined);
      throw err;
    }
  }

  /** Every job once, in order; a failing job does not stop the others. */
  async runOnce(now: Date = this.rt.now()): Promise<Record<string, Counts | { error: string }>> {
    const out: Record<string, Counts | { error: string }> = {};
    for (const j of this.jobs) {
      out[j.name] = await this.runJob(j.name, now).catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }));
    }
    return out;
  }

  start(): void {
    const seconds = this.rt.config.schedulerIntervalSeconds;
    if (seconds === 0 || this.timer) return;
    const tick = () => {
      if (this.running) return; // a slow run is never overlapped by the next tick
      this.running = this.runOnce().finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, seconds * 1000);
    this.timer.unref();
    setTimeout(tick, 1000).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

/** Starts the scheduler of a serving platform (govshare serve / demo), logging through the platform's logger. */
export function startScheduler(ctx: Ctx, log: WorkflowLog): Scheduler {
  const rt = workflow(ctx);
  rt.log = log;
  const s = new Scheduler(ctx, rt);
  const c = rt.config;
  if (!c.smtpUrl) log.info({}, 'GOVSHARE_SMTP_URL not set: e-mail notifications are skipped (in-app inbox and webhooks still work)');
  if (c.schedulerIntervalSeconds === 0) log.warn({}, 'GOVSHARE_SCHEDULER_INTERVAL_SECONDS=0: the scheduler is off (no reminders, overdue marks or deliveries)');
  s.start();
  return s;
}
