import { describe, expect, it } from 'vitest';
import { loadMonitoringConfig, parseWorkHours } from './monitoring.config.js';
import {
  compareAlerts, failedLoginAlerts, isWorkingTime, nodeItemAlerts, offHoursExportAlerts, purposeAlerts, purposeAllowed, refusalAlerts, slidingWindowHits,
  volumeAlerts, volumeThreshold, type AuditEv,
} from './rules.js';

const cfg = { ...loadMonitoringConfig({}), refusalThreshold: 3, loginFailureThreshold: 3, windowMinutes: 10, volumeFloorCalls: 10, volumeFloorRows: 1000, volumeFactor: 3 };
const G = '11111111-2222-4333-8444-555555555555';
let seq = 0;
const ev = (p: Partial<Omit<AuditEv, 'at'>> & { at: string }): AuditEv => ({
  seq: ++seq, actorId: 'u1', actorName: 'rst_user', departmentId: 'd-rst', action: 'exchange.query', objectId: 'R1', outcome: 'success', requestId: null, detail: null, ...p, at: new Date(p.at),
});
// 2026-11-25 is a Wednesday (a workday); 2026-11-28 a Saturday; 2026-10-01 National Day.
const workday = (d: string) => !['2026-11-28', '2026-11-29', '2026-10-01'].includes(d);

describe('configuration', () => {
  it('parses working hours and refuses bad ones and unknown rules', () => {
    expect(parseWorkHours('08:30-18:00')).toEqual({ start: 510, end: 1080 });
    expect(parseWorkHours('18:00-08:30')).toBeUndefined();
    expect(() => loadMonitoringConfig({ GOVSHARE_WORK_HOURS: '9-17' })).toThrow(/GOVSHARE_WORK_HOURS/);
    expect(() => loadMonitoringConfig({ GOVSHARE_ALERT_SUSPEND_RULES: 'volume,bogus' })).toThrow(/bogus/);
    expect(() => loadMonitoringConfig({ GOVSHARE_INCIDENT_WEBHOOK_URL: 'http://x' })).toThrow(/SECRET/);
    expect(loadMonitoringConfig({ GOVSHARE_ALERT_SUSPEND_RULES: 'volume, purpose_mismatch' }).suspendRules).toEqual(['volume', 'purpose_mismatch']);
  });
});

describe('volume above the usual rate', () => {
  it('uses the floor without history and the factor over the baseline with it', () => {
    expect(volumeThreshold(0, 3, 10)).toBe(10);
    expect(volumeThreshold(20, 3, 10)).toBe(60);
    const hour = '2026-11-25T02:00:00.000Z';
    const evs = [ev({ at: '2026-11-25T02:10:00Z', detail: { grant: G, provider: 'd-gat' } })];
    const quiet = volumeAlerts([{ grantId: G, hour, calls: 10, rows: 100, baselineCalls: 0, baselineRows: 0 }], evs, cfg);
    expect(quiet).toEqual([]);
    const burst = volumeAlerts([{ grantId: G, hour, calls: 11, rows: 100, baselineCalls: 0, baselineRows: 0 }], evs, cfg);
    expect(burst).toHaveLength(1);
    expect(burst[0]).toMatchObject({ rule: 'volume', grantId: G, departmentId: 'd-rst', providerDepartmentId: 'd-gat', evidence: { auditSeqs: [evs[0]!.seq], thresholdCalls: 10 } });
    // A grant that usually makes 20 calls an hour is not alerted at 50 …
    expect(volumeAlerts([{ grantId: G, hour, calls: 50, rows: 100, baselineCalls: 20, baselineRows: 0 }], evs, cfg)).toEqual([]);
    // … but is at 61, and rows count too.
    expect(volumeAlerts([{ grantId: G, hour, calls: 61, rows: 100, baselineCalls: 20, baselineRows: 0 }], evs, cfg)).toHaveLength(1);
    expect(volumeAlerts([{ grantId: G, hour, calls: 1, rows: 5000, baselineCalls: 20, baselineRows: 100 }], evs, cfg)).toHaveLength(1);
  });
});

describe('export outside working hours', () => {
  it('flags nights, weekends and holidays on the PRC calendar, not the working day', () => {
    expect(isWorkingTime(new Date('2026-11-25T10:00:00+08:00'), workday, cfg)).toBe(true);
    expect(isWorkingTime(new Date('2026-11-25T08:29:00+08:00'), workday, cfg)).toBe(false);
    expect(isWorkingTime(new Date('2026-11-25T18:00:00+08:00'), workday, cfg)).toBe(false);
    expect(isWorkingTime(new Date('2026-11-28T10:00:00+08:00'), workday, cfg)).toBe(false);
    const evs = [
      ev({ at: '2026-11-25T10:00:00+08:00', action: 'exchange.export', detail: { grant: G } }),
      ev({ at: '2026-11-25T23:30:00+08:00', action: 'exchange.export', detail: { grant: G } }),
      ev({ at: '2026-11-25T23:40:00+08:00', action: 'exchange.export', detail: { grant: G } }),
      ev({ at: '2026-10-01T10:00:00+08:00', action: 'exchange.ticket.export', detail: { grant: G } }),
      ev({ at: '2026-11-25T23:50:00+08:00', action: 'exchange.query', detail: { grant: G } }),
      ev({ at: '2026-11-25T23:55:00+08:00', action: 'exchange.export', outcome: 'denied', detail: { grant: G } }),
    ];
    const alerts = offHoursExportAlerts(evs, workday, cfg);
    expect(alerts.map((a) => a.evidence.auditSeqs)).toEqual([[evs[1]!.seq, evs[2]!.seq], [evs[3]!.seq]]);
    expect(alerts[1]!.evidence.workday).toBe(false);
  });
});

describe('purposes not in the grant', () => {
  it('accepts a listed purpose, with a case number, and refuses another', () => {
    expect(purposeAllowed('社保待遇资格认证', '社保待遇资格认证；就业登记')).toBe(true);
    expect(purposeAllowed('就业登记 案件2026-0042', '社保待遇资格认证；就业登记')).toBe(true);
    expect(purposeAllowed('商业营销', '社保待遇资格认证；就业登记')).toBe(false);
    const evs = [
      ev({ at: '2026-11-25T10:00:00+08:00', detail: { grant: G, purpose: '社保待遇资格认证' } }),
      ev({ at: '2026-11-25T10:01:00+08:00', detail: { grant: G, purpose: '商业营销' } }),
      ev({ at: '2026-11-25T10:02:00+08:00', detail: { grant: 'unconditional', purpose: '商业营销' } }),
    ];
    const alerts = purposeAlerts(evs, new Map([[G, '社保待遇资格认证；就业登记']]));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule: 'purpose_mismatch', grantId: G, evidence: { auditSeqs: [evs[1]!.seq], statedPurposes: ['商业营销'] } });
  });
});

describe('sliding windows: refusals and failed sign-ins', () => {
  it('needs N events within the window, ending at a new event', () => {
    const evs = [
      ev({ at: '2026-11-25T10:00:00Z', outcome: 'denied' }),
      ev({ at: '2026-11-25T10:05:00Z', outcome: 'denied' }),
      ev({ at: '2026-11-25T10:12:00Z', outcome: 'denied' }), // the first is out of the 10-minute window by now
      ev({ at: '2026-11-25T10:14:00Z', outcome: 'denied' }),
    ];
    const hits = slidingWindowHits(evs, () => ['x'], 3, 10 * 60_000, 0);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.events.map((e) => e.seq)).toEqual([evs[1]!.seq, evs[2]!.seq, evs[3]!.seq]);
    expect(slidingWindowHits(evs.slice(0, 3), () => ['x'], 3, 10 * 60_000, 0)).toEqual([]);
    // Already judged by an earlier run: nothing new.
    expect(slidingWindowHits(evs, () => ['x'], 3, 10 * 60_000, evs[3]!.seq)).toEqual([]);
  });

  it('raises refusals per actor and IP, and failed sign-ins per user, credential and IP', () => {
    const denied = [1, 2, 3].map((m) => ev({ at: `2026-11-25T10:0${m}:00Z`, outcome: 'denied', detail: { error: 'GRANT_REQUIRED', ip: '10.0.0.9' } }));
    const r = refusalAlerts([...denied, ev({ at: '2026-11-25T10:04:00Z', outcome: 'success' })], 0, cfg);
    expect(r.map((a) => a.evidence.subject).sort()).toEqual(['actor:u1', 'ip:10.0.0.9']);
    const logins = [
      ...[1, 2, 3].map((m) => ev({ at: `2026-11-25T10:0${m}:00Z`, action: 'auth.login', outcome: 'failure', actorId: null, actorName: 'rst_user', detail: { reason: 'wrong_password' } })),
      ...[1, 2].map((m) => ev({ at: `2026-11-25T10:0${m}:00Z`, action: 'auth.token', outcome: 'failure', actorId: 'cred-1', actorName: 'sys' })),
      ev({ at: '2026-11-25T10:05:00Z', action: 'auth.login', outcome: 'success', actorName: 'other' }),
    ];
    const f = failedLoginAlerts(logins, 0, cfg);
    expect(f.map((a) => a.evidence.subject)).toEqual(['user:rst_user']);
    expect(f[0]!.evidence.auditSeqs).toEqual(logins.slice(0, 3).map((e) => e.seq));
  });
});

describe('a node serving items outside its catalog entry', () => {
  it('compares the node\'s served items with the published entry', () => {
    const catalog = new Map([['R1', { items: new Set(['姓名', '地址']), departmentId: 'd-gat' }]]);
    const base = { nodeId: 'n1', at: '2026-11-25T02:00:00Z', resource: 'R1', method: 'query', outcome: 'ok', jti: 't', consumer: 'd-rst' };
    const alerts = nodeItemAlerts([
      { ...base, seq: 1, items: ['姓名'] },
      { ...base, seq: 2, items: ['姓名', '宗教信仰'] },
      { ...base, seq: 3, items: ['宗教信仰'], outcome: 'refused' },
      { ...base, seq: 4, items: ['x'], resource: 'unknown' },
    ], catalog);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule: 'node_items', departmentId: 'd-gat', evidence: { nodeSeqs: [2], itemsOutsideCatalog: ['宗教信仰'] } });
  });
});

describe('comparison guards folded into alerts', () => {
  it('turns the guard\'s signals into alerts, one per signal', () => {
    const evs = [
      ev({ at: '2026-11-25T02:00:00Z', action: 'alert.compare.no_match_rate', detail: { records: 120, noMatch: 120, grant: G, exchangeSeq: 7 } }),
      ev({ at: '2026-11-25T02:00:00Z', action: 'exchange.compare' }),
      ev({ at: '2026-11-25T02:00:00Z', action: 'alert.compare.volume', detail: { recordsToday: 900, quota: 1000 } }),
    ];
    const a = compareAlerts(evs);
    expect(a.map((x) => x.rule)).toEqual(['compare_no_match', 'compare_volume']);
    expect(a[0]).toMatchObject({ grantId: G, evidence: { auditSeqs: [evs[0]!.seq, 7] } });
  });
});
