import { describe, expect, it } from 'vitest';
import { WorkdayCalendar } from '../calendar/workdays.js';
import type { DisputeStatus } from '../db/schema.js';
import { commonRegion, disputeTransition, isClosed, type DisputeAction, type DisputeRole } from './dispute.rules.js';
import { objectionDates, replyTransition } from './objection.rules.js';

const code = (fn: () => unknown) => {
  try {
    return fn();
  } catch (err) {
    return (err as { code: string }).code;
  }
};
const cal = new WorkdayCalendar();

describe('objection rules (Art. 24)', () => {
  it('flags a report filed more than 5 workdays after discovery, and gives the provider 10 workdays', () => {
    expect(objectionDates(cal, '2026-09-25', '2026-09-28')).toEqual({ reportBy: cal.addWorkdays('2026-09-25', 5).date, late: false, replyBy: '2026-10-16', provisional: false });
    const late = objectionDates(cal, '2026-09-18', '2026-09-28');
    expect(late.late).toBe(true);
    expect(objectionDates(cal, '2026-09-18', late.reportBy).late).toBe(false); // filing on the last day is on time
    expect(code(() => objectionDates(cal, '2026-09-29', '2026-09-28'))).toBe('OBJECTION_DISCOVERY_IN_FUTURE');
  });

  it('replies once: accepted with a correction, rejected with reasons', () => {
    expect(replyTransition('open', { decision: 'reject', reply: '无误' })).toBe('rejected');
    expect(replyTransition('open', { decision: 'accept', reply: '有误', correction: { description: '已更正' } })).toBe('accepted');
    expect(code(() => replyTransition('open', { decision: 'accept', reply: '有误' }))).toBe('OBJECTION_CORRECTION_REQUIRED');
    expect(code(() => replyTransition('open', { decision: 'reject', reply: '  ' }))).toBe('OBJECTION_REPLY_REQUIRED');
    expect(code(() => replyTransition('accepted', { decision: 'reject', reply: 'x' }))).toBe('OBJECTION_ALREADY_REPLIED');
  });
});

describe('dispute rules (Art. 25)', () => {
  const step = (s: DisputeStatus, a: DisputeAction, roles: DisputeRole[]) => code(() => disputeTransition(s, a, roles).next);
  it('climbs party → office → leading group, and only the right role acts at each step', () => {
    expect(step('negotiation', 'escalate', ['party'])).toBe('office_coordination');
    expect(step('negotiation', 'escalate', ['office'])).toBe('DISPUTE_ROLE_MISMATCH');
    expect(step('negotiation', 'decide', ['office'])).toBe('DISPUTE_INVALID_TRANSITION');
    expect(step('negotiation', 'message', ['party'])).toBe('negotiation');
    expect(step('office_coordination', 'decide', ['office'])).toBe('office_decided');
    expect(step('office_coordination', 'decide', ['party', 'leading_group'])).toBe('DISPUTE_ROLE_MISMATCH');
    expect(step('office_coordination', 'escalate', ['office'])).toBe('leading_group');
    expect(step('office_decided', 'escalate', ['party'])).toBe('leading_group');
    expect(step('office_decided', 'settle', ['party'])).toBe('resolved');
    expect(step('leading_group', 'decide', ['leading_group'])).toBe('ruled');
    expect(step('leading_group', 'settle', ['party'])).toBe('DISPUTE_INVALID_TRANSITION');
    for (const a of ['message', 'escalate', 'decide', 'settle'] as const) expect(step('ruled', a, ['party', 'office', 'leading_group'])).toBe('DISPUTE_INVALID_TRANSITION');
    expect(isClosed('ruled') && isClosed('resolved') && !isClosed('leading_group')).toBe(true);
  });

  it('finds the common region whose office coordinates', () => {
    expect(commonRegion('510000', '510000')).toBe('510000');
    expect(commonRegion('510104', '510107')).toBe('510100');
    expect(commonRegion('510104', '510100')).toBe('510100');
    expect(commonRegion('510104', '510703')).toBe('510000');
    expect(commonRegion('510100', '510000')).toBe('510000');
    expect(code(() => commonRegion('510000', '110000'))).toBe('DISPUTE_NO_COMMON_REGION');
  });
});
