import { sql } from 'kysely';
import { todayInShanghai } from '../calendar/dates.js';
import type { AppContext } from '../http/context.js';
import { auditActor, type Actor } from '../auth/actor.js';
import { DomainError } from '../errors.js';

/**
 * Guards on comparison beyond the node's own (batch caps, low-entropy probes): a daily quota of compared records per
 * consumer and resource (counted in the database, so all platform instances share it), and the signals of enumeration
 * (SECURITY-NOTES.md, OWASP API6:2023): unusual volume or an unusual share of no-match answers. Only this hot path sees
 * the per-record answers, so it writes each signal to the audit log (action alert.compare.*); the monitoring job
 * (src/monitoring) turns those events into alerts of the one alert model, with the other rules of Art. 32.
 * Thresholds: config.monitoring (GOVSHARE_ALERT_COMPARE_*).
 */
export const COMPARE_LIMITS = {
  /** Records a department may compare against one resource per day, unless its grant says otherwise. */
  dailyRecords: 200_000,
};

type Ctx = Pick<AppContext, 'db' | 'audit' | 'config'>;

export async function checkQuota(ctx: Ctx, consumer: string, code: string, records: number, quota = COMPARE_LIMITS.dailyRecords): Promise<number> {
  const row = await ctx.db.selectFrom('exchange_usage').select('records')
    .where('day', '=', todayInShanghai()).where('consumer_department_id', '=', consumer).where('resource_code', '=', code).where('method', '=', 'compare').executeTakeFirst();
  const used = Number(row?.records ?? 0);
  if (used + records > quota) {
    throw new DomainError('QUOTA_EXCEEDED', 429, `今日比对量已达上限（${quota} 条），请明日再试或联系提供部门调整授权`,
      `Today's comparison quota (${quota} records) is used up; try tomorrow or ask the provider to raise it`, { used, quota });
  }
  return used;
}

/** Counts a finished comparison and writes alert signals (audit, action alert.compare.*) when it looks like enumeration. */
export async function recordCompare(ctx: Ctx, actor: Actor, requestId: string, consumer: string, code: string, usedBefore: number, results: Array<{ status: string }>, quota = COMPARE_LIMITS.dailyRecords): Promise<void> {
  const noMatch = results.filter((r) => r.status !== 'match').length;
  await sql`INSERT INTO exchange_usage (day, consumer_department_id, resource_code, method, calls, records, no_match)
    VALUES (${todayInShanghai()}, ${consumer}, ${code}, 'compare', 1, ${results.length}, ${noMatch})
    ON CONFLICT (day, consumer_department_id, resource_code, method)
    DO UPDATE SET calls = exchange_usage.calls + 1, records = exchange_usage.records + excluded.records, no_match = exchange_usage.no_match + excluded.no_match`.execute(ctx.db);
  const m = ctx.config.monitoring;
  const alerts: Array<{ action: string; detail: Record<string, unknown> }> = [];
  if (results.length >= m.compareMinRecords && noMatch / results.length > m.compareNoMatchShare) {
    alerts.push({ action: 'alert.compare.no_match_rate', detail: { records: results.length, noMatch } });
  }
  const after = usedBefore + results.length;
  if (usedBefore < quota * m.compareVolumeShare && after >= quota * m.compareVolumeShare) {
    alerts.push({ action: 'alert.compare.volume', detail: { recordsToday: after, quota } });
  }
  for (const a of alerts) {
    await ctx.audit.record({ action: a.action, outcome: 'success', actor: auditActor(actor), objectType: 'resource', objectId: code, requestId, detail: a.detail });
  }
}
