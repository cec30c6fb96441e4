import { todayInShanghai } from '../calendar/dates.js';
import type { MonitoringConfig, Rule } from './monitoring.config.js';

/**
 * The monitoring rules of Art. 32 as pure functions over audit events (and node-shipped events): no database, no
 * clock. The scheduler job (monitor.job.ts) feeds them what it read after its last sequence number and stores what
 * they return. Each draft names its evidence by audit sequence numbers, so an officer can open the events themselves.
 */
export interface AuditEv {
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  departmentId: string | null;
  action: string;
  objectId: string | null;
  outcome: 'success' | 'failure' | 'denied';
  requestId: string | null;
  detail: Record<string, unknown> | null;
}

export type Severity = 'low' | 'medium' | 'high';

export interface AlertDraft {
  rule: Rule;
  severity: Severity;
  /** Same key, same alert: a burst that spans several job runs raises one alert per window, not one per run. */
  key: string;
  title: string;
  departmentId: string | null;
  providerDepartmentId?: string | null | undefined;
  grantId?: string | null | undefined;
  userId?: string | null | undefined;
  userName?: string | null | undefined;
  evidence: { auditSeqs: number[]; [k: string]: unknown };
}

const MAX_SEQS = 200;
const seqs = (evs: AuditEv[]) => evs.slice(0, MAX_SEQS).map((e) => e.seq);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);

/** The grant an exchange event went through, when it was a real grant (not own data or an unconditional item). */
export function grantOf(e: AuditEv): string | undefined {
  const g = str(e.detail?.grant);
  return e.action.startsWith('exchange.') && g && UUID.test(g) ? g : undefined;
}

const actorKey = (e: AuditEv) => e.actorId ?? e.actorName ?? 'unknown';

function groupBy<T>(list: T[], key: (t: T) => string | undefined): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of list) {
    const k = key(t);
    if (k === undefined) continue;
    const g = m.get(k);
    if (g) g.push(t);
    else m.set(k, [t]);
  }
  return m;
}

// ---- volume above the grant's usual rate ----

export interface GrantHour { grantId: string; hour: string; calls: number; rows: number; baselineCalls: number; baselineRows: number }

/** Threshold = max(floor, factor × the grant's usual hourly rate): a new grant has no history, so the floor rules. */
export function volumeThreshold(baseline: number, factor: number, floor: number): number {
  return Math.max(floor, Math.ceil(baseline * factor));
}

export function volumeAlerts(hours: GrantHour[], events: AuditEv[], cfg: MonitoringConfig): AlertDraft[] {
  const out: AlertDraft[] = [];
  for (const h of hours) {
    const maxCalls = volumeThreshold(h.baselineCalls, cfg.volumeFactor, cfg.volumeFloorCalls);
    const maxRows = volumeThreshold(h.baselineRows, cfg.volumeFactor, cfg.volumeFloorRows);
    if (h.calls <= maxCalls && h.rows <= maxRows) continue;
    const evs = events.filter((e) => grantOf(e) === h.grantId && hourOf(e.at) === h.hour);
    const first = evs[0];
    out.push({
      rule: 'volume', severity: 'high', key: `volume:${h.grantId}:${h.hour}`,
      title: `授权使用量异常：${h.hour.slice(0, 13).replace('T', ' ')} 时段调用 ${h.calls} 次、${h.rows} 条，高于常态（阈值 ${maxCalls} 次 / ${maxRows} 条）`,
      departmentId: first?.departmentId ?? null, providerDepartmentId: str(first?.detail?.provider) ?? null, grantId: h.grantId,
      userId: first?.actorId, userName: first?.actorName,
      evidence: { auditSeqs: seqs(evs), hour: h.hour, calls: h.calls, rows: h.rows, baselineCalls: h.baselineCalls, baselineRows: h.baselineRows, thresholdCalls: maxCalls, thresholdRows: maxRows },
    });
  }
  return out;
}

/** The UTC hour an event falls in, as an ISO string (Shanghai hours are whole hours off UTC). */
export function hourOf(at: Date): string {
  const d = new Date(at);
  d.setUTCMinutes(0, 0, 0);
  return d.toISOString();
}

/** Calls and rows an exchange event adds to its grant's hour. */
export function volumeOf(e: AuditEv): { calls: number; rows: number } {
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return { calls: 1, rows: e.outcome === 'success' ? n(e.detail?.rows) + n(e.detail?.records) : 0 };
}

// ---- export outside working hours ----

/** Shanghai civil date and minute of the day. */
export function shanghaiClock(at: Date): { date: string; minute: number } {
  const local = new Date(at.getTime() + 8 * 3600_000);
  return { date: todayInShanghai(at), minute: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

export function isWorkingTime(at: Date, isWorkday: (date: string) => boolean, cfg: Pick<MonitoringConfig, 'workStartMinute' | 'workEndMinute'>): boolean {
  const { date, minute } = shanghaiClock(at);
  return isWorkday(date) && minute >= cfg.workStartMinute && minute < cfg.workEndMinute;
}

const EXPORTS = new Set(['exchange.export', 'exchange.ticket.export']);

export function offHoursExportAlerts(events: AuditEv[], isWorkday: (date: string) => boolean, cfg: MonitoringConfig): AlertDraft[] {
  const hits = events.filter((e) => EXPORTS.has(e.action) && e.outcome === 'success' && !isWorkingTime(e.at, isWorkday, cfg));
  return [...groupBy(hits, (e) => `${actorKey(e)}:${grantOf(e) ?? str(e.detail?.grant) ?? '-'}:${shanghaiClock(e.at).date}`)].map(([k, evs]) => {
    const e = evs[0]!;
    const { date } = shanghaiClock(e.at);
    return {
      rule: 'off_hours_export' as const, severity: 'medium' as const, key: `off_hours_export:${k}`,
      title: `非工作时间导出：${date}${isWorkday(date) ? '' : '（非工作日）'} ${e.actorName ?? ''} 导出 ${e.objectId ?? ''} 共 ${evs.length} 次`,
      departmentId: e.departmentId, providerDepartmentId: str(e.detail?.provider) ?? null, grantId: grantOf(e) ?? null, userId: e.actorId, userName: e.actorName,
      evidence: { auditSeqs: seqs(evs), date, workday: isWorkday(date), resource: e.objectId },
    };
  });
}

// ---- purposes not in the grant ----

const norm = (s: string) => s.toLowerCase().replace(/[\s\p{P}]/gu, '');

/**
 * A grant's purpose may list several (separated by ；;，,、 or new lines). A stated purpose is within the grant when it
 * names one of them — exactly or with a case number added ("社保待遇资格认证 2026-0042").
 */
export function purposeAllowed(stated: string, grantPurpose: string): boolean {
  const s = norm(stated);
  if (!s) return true;
  const listed = grantPurpose.split(/[;；,，、\n]/).map(norm).filter(Boolean);
  return listed.some((p) => s === p || s.includes(p));
}

export function purposeAlerts(events: AuditEv[], grantPurposes: Map<string, string>): AlertDraft[] {
  const hits = events.filter((e) => {
    const g = grantOf(e);
    const stated = str(e.detail?.purpose);
    const allowed = g ? grantPurposes.get(g) : undefined;
    return g && stated && allowed !== undefined && !purposeAllowed(stated, allowed);
  });
  return [...groupBy(hits, (e) => `${grantOf(e)}:${actorKey(e)}:${shanghaiClock(e.at).date}`)].map(([k, evs]) => {
    const e = evs[0]!;
    const grantId = grantOf(e)!;
    const stated = [...new Set(evs.map((x) => str(x.detail?.purpose)!))];
    return {
      rule: 'purpose_mismatch' as const, severity: 'high' as const, key: `purpose_mismatch:${k}`,
      title: `超出授权用途使用：声明用途“${stated.join('、').slice(0, 80)}”不在授权用途“${grantPurposes.get(grantId)!.slice(0, 80)}”内`,
      departmentId: e.departmentId, providerDepartmentId: str(e.detail?.provider) ?? null, grantId, userId: e.actorId, userName: e.actorName,
      evidence: { auditSeqs: seqs(evs), statedPurposes: stated, grantPurpose: grantPurposes.get(grantId), resource: e.objectId },
    };
  });
}

// ---- repeated refusals and failed sign-ins: N in a sliding window ----

/**
 * For each subject, the first window of `windowMs` holding ≥ threshold events that ends at an event after `afterSeq`
 * (events up to `afterSeq` were judged by an earlier run). `events` must be in seq order and reach back one window.
 */
export function slidingWindowHits(events: AuditEv[], subjects: (e: AuditEv) => string[], threshold: number, windowMs: number, afterSeq: number): Array<{ subject: string; events: AuditEv[] }> {
  const bySubject = new Map<string, AuditEv[]>();
  for (const e of events) for (const s of subjects(e)) (bySubject.get(s) ?? bySubject.set(s, []).get(s)!).push(e);
  const out: Array<{ subject: string; events: AuditEv[] }> = [];
  for (const [subject, evs] of bySubject) {
    let start = 0;
    for (let end = 0; end < evs.length; end++) {
      while (evs[end]!.at.getTime() - evs[start]!.at.getTime() > windowMs) start++;
      if (evs[end]!.seq > afterSeq && end - start + 1 >= threshold) {
        out.push({ subject, events: evs.slice(start, end + 1) });
        break;
      }
    }
  }
  return out;
}

const ip = (e: AuditEv) => str(e.detail?.ip);
const windowBucket = (at: Date, windowMs: number) => Math.floor(at.getTime() / windowMs);

export function refusalAlerts(events: AuditEv[], afterSeq: number, cfg: MonitoringConfig): AlertDraft[] {
  const windowMs = cfg.windowMinutes * 60_000;
  const denied = events.filter((e) => e.action.startsWith('exchange.') && e.outcome === 'denied');
  return slidingWindowHits(denied, (e) => [`actor:${actorKey(e)}`, ...(ip(e) ? [`ip:${ip(e)}`] : [])], cfg.refusalThreshold, windowMs, afterSeq).map(({ subject, events: evs }) => {
    const e = evs[evs.length - 1]!;
    return {
      rule: 'repeated_refusals' as const, severity: 'medium' as const, key: `repeated_refusals:${subject}:${windowBucket(evs[0]!.at, windowMs)}`,
      title: `多次被拒绝访问：${subject.startsWith('ip:') ? subject.slice(3) : e.actorName ?? ''} 在 ${cfg.windowMinutes} 分钟内被拒绝 ${evs.length} 次`,
      departmentId: e.departmentId, userId: subject.startsWith('actor:') ? e.actorId : null, userName: subject.startsWith('actor:') ? e.actorName : null,
      evidence: { auditSeqs: seqs(evs), subject, count: evs.length, windowMinutes: cfg.windowMinutes, resources: [...new Set(evs.map((x) => x.objectId))], codes: [...new Set(evs.map((x) => str(x.detail?.error)).filter(Boolean))] },
    };
  });
}

export function failedLoginAlerts(events: AuditEv[], afterSeq: number, cfg: MonitoringConfig): AlertDraft[] {
  const windowMs = cfg.windowMinutes * 60_000;
  const failed = events.filter((e) => (e.action === 'auth.login' || e.action === 'auth.token') && e.outcome === 'failure');
  const subjects = (e: AuditEv) => [
    e.action === 'auth.login' ? `user:${e.actorName ?? '?'}` : `credential:${e.actorId ?? e.actorName ?? '?'}`,
    ...(ip(e) ? [`ip:${ip(e)}`] : []),
  ];
  return slidingWindowHits(failed, subjects, cfg.loginFailureThreshold, windowMs, afterSeq).map(({ subject, events: evs }) => {
    const e = evs[evs.length - 1]!;
    const who = subject.slice(subject.indexOf(':') + 1);
    return {
      rule: 'failed_logins' as const, severity: 'medium' as const, key: `failed_logins:${subject}:${windowBucket(evs[0]!.at, windowMs)}`,
      title: `多次登录失败：${subject.startsWith('ip:') ? '来源地址' : subject.startsWith('credential:') ? '系统凭据' : '用户'} ${who} 在 ${cfg.windowMinutes} 分钟内失败 ${evs.length} 次`,
      departmentId: subject.startsWith('ip:') ? null : e.departmentId, userId: subject.startsWith('ip:') ? null : e.actorId, userName: subject.startsWith('ip:') ? null : e.actorName,
      evidence: { auditSeqs: seqs(evs), subject, count: evs.length, windowMinutes: cfg.windowMinutes, reasons: [...new Set(evs.map((x) => str(x.detail?.reason)).filter(Boolean))] },
    };
  });
}

// ---- a node serving items outside its catalog entry ----

export interface NodeEv { nodeId: string; seq: number; at: string; resource: string | null; method: string; outcome: string; items: string[]; jti: string | null; consumer: string | null }

export function nodeItemAlerts(events: NodeEv[], catalogItems: Map<string, { items: Set<string>; departmentId: string }>): AlertDraft[] {
  const hits = events.filter((e) => {
    const entry = e.resource ? catalogItems.get(e.resource) : undefined;
    return entry && e.outcome === 'ok' && e.items.some((i) => !entry.items.has(i));
  });
  return [...groupBy(hits, (e) => `${e.nodeId}:${e.resource}:${todayInShanghai(new Date(e.at))}`)].map(([k, evs]) => {
    const e = evs[0]!;
    const entry = catalogItems.get(e.resource!)!;
    const extra = [...new Set(evs.flatMap((x) => x.items.filter((i) => !entry.items.has(i))))];
    return {
      rule: 'node_items' as const, severity: 'high' as const, key: `node_items:${k}`,
      title: `节点提供了目录外的信息项：资源 ${e.resource} 的 ${extra.join('、').slice(0, 100)}`,
      departmentId: entry.departmentId,
      evidence: { auditSeqs: [], nodeId: e.nodeId, nodeSeqs: evs.slice(0, MAX_SEQS).map((x) => x.seq), tickets: evs.slice(0, 20).map((x) => x.jti), resource: e.resource, itemsOutsideCatalog: extra },
    };
  });
}

// ---- the comparison guards' signals (src/exchange/compare-guard.ts writes them to the audit log) ----

export function compareAlerts(events: AuditEv[]): AlertDraft[] {
  return events.filter((e) => e.action === 'alert.compare.no_match_rate' || e.action === 'alert.compare.volume').map((e) => {
    const d = e.detail ?? {};
    const noMatch = e.action === 'alert.compare.no_match_rate';
    return {
      rule: noMatch ? 'compare_no_match' as const : 'compare_volume' as const, severity: noMatch ? 'high' as const : 'medium' as const, key: `${noMatch ? 'compare_no_match' : 'compare_volume'}:${e.seq}`,
      title: noMatch ? `疑似枚举比对：一批 ${String(d.records)} 条中 ${String(d.noMatch)} 条不匹配（资源 ${e.objectId ?? ''}）` : `比对量接近日配额：今日已比对 ${String(d.recordsToday)} 条，配额 ${String(d.quota)} 条（资源 ${e.objectId ?? ''}）`,
      departmentId: e.departmentId, providerDepartmentId: str(d.provider) ?? null, grantId: str(d.grant) && UUID.test(str(d.grant)!) ? str(d.grant) : null, userId: e.actorId, userName: e.actorName,
      evidence: { auditSeqs: [e.seq, ...(typeof d.exchangeSeq === 'number' ? [d.exchangeSeq] : [])], resource: e.objectId, ...d },
    };
  });
}
