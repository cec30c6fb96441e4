import { todayInShanghai } from '../calendar/dates.js';
import { loadWorkflowConfig, type WorkflowConfig } from './workflow-config.js';

/** Where the workflow writes its log lines: the platform's logger once the scheduler starts, silent before. */
export interface WorkflowLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const SILENT: WorkflowLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * The workflow's settings, clock and logger, one per platform context. Kept beside the AppContext (not in it) so the
 * shared context stays as it is; tests set a fixed clock here to file on 2026-09-28 or to let deadlines pass.
 */
export interface WorkflowRuntime {
  config: WorkflowConfig;
  now(): Date;
  log: WorkflowLog;
}

const runtimes = new WeakMap<object, WorkflowRuntime>();

/** The platform's one config object (src/config.ts) holds the workflow settings; a bare context reads the environment. */
function configOf(ctx: object): WorkflowConfig {
  const config = (ctx as { config?: { workflow?: WorkflowConfig } }).config;
  return config?.workflow ?? loadWorkflowConfig(process.env);
}

export function workflow(ctx: object): WorkflowRuntime {
  let rt = runtimes.get(ctx);
  if (!rt) {
    rt = { config: configOf(ctx), now: () => new Date(), log: SILENT };
    runtimes.set(ctx, rt);
  }
  return rt;
}

/** Replaces parts of the runtime (tests: a clock, a webhook URL; the CLI: the logger). */
export function configureWorkflow(ctx: object, patch: Partial<Omit<WorkflowRuntime, 'config'>> & { config?: Partial<WorkflowConfig> }): WorkflowRuntime {
  const rt = workflow(ctx);
  if (patch.now) rt.now = patch.now;
  if (patch.log) rt.log = patch.log;
  if (patch.config) rt.config = Object.freeze({ ...rt.config, ...patch.config });
  return rt;
}

/** Today's civil date in Shanghai by the workflow's clock. */
export function todayOf(ctx: object): string {
  return todayInShanghai(workflow(ctx).now());
}

/** A fixed clock at a Shanghai civil date and time (tests, demo). */
export function shanghaiTime(date: string, time = '10:00:00'): Date {
  return new Date(`${date}T${time}+08:00`);
}
