import { describe, expect, it } from 'vitest';
import { WorkdayCalendar } from '../calendar/workdays.js';
import { deadlineState, reminderStage, workdaysOverdue } from './deadlines.js';
import { loadConfig } from '../config.js';
import { loadWorkflowConfig } from './workflow-config.js';

const cal = new WorkdayCalendar();

describe('deadline levels (STYLE.md: orange from 2 workdays left, red when overdue)', () => {
  it('counts workdays left across National Day 2026', () => {
    // due Friday 2026-10-16; 10-10 (Saturday) is a make-up workday, 10-01..10-07 are holidays
    expect(deadlineState(cal, '2026-10-16', '2026-09-30')).toMatchObject({ workdaysLeft: 8, level: 'normal', overdue: false });
    expect(deadlineState(cal, '2026-10-16', '2026-10-14')).toMatchObject({ workdaysLeft: 2, level: 'warning' });
    expect(deadlineState(cal, '2026-10-16', '2026-10-16')).toMatchObject({ workdaysLeft: 0, level: 'warning' });
    expect(deadlineState(cal, '2026-10-16', '2026-10-17')).toMatchObject({ workdaysLeft: 0, level: 'overdue', overdue: true });
    expect(deadlineState(cal, '2026-10-16', '2026-10-20')).toMatchObject({ workdaysLeft: -2, level: 'overdue' });
    expect(workdaysOverdue(cal, '2026-10-16', '2026-10-20')).toBe(2);
    expect(workdaysOverdue(cal, '2026-10-16', '2026-10-16')).toBe(0);
  });

  it('says what a sweep owes a deadline', () => {
    expect(reminderStage(cal, '2026-10-16', '2026-10-13', 2)).toBe('none');
    expect(reminderStage(cal, '2026-10-16', '2026-10-14', 2)).toBe('remind');
    expect(reminderStage(cal, '2026-10-16', '2026-10-16', 2)).toBe('remind');
    expect(reminderStage(cal, '2026-10-16', '2026-10-17', 2)).toBe('overdue');
    expect(reminderStage(cal, '2026-02-27', '2026-02-14', 2)).toBe('none'); // Spring Festival: 2-14 is a workday, then 9 days off
  });
});

describe('workflow settings', () => {
  it('has defaults and refuses bad values with a readable message', () => {
    expect(loadWorkflowConfig({})).toMatchObject({ schedulerIntervalSeconds: 60, reminderWorkdays: 2, smtpUrl: undefined, webhookUrl: undefined });
    expect(() => loadWorkflowConfig({ GOVSHARE_REMINDER_WORKDAYS: 'two' })).toThrow(/GOVSHARE_REMINDER_WORKDAYS/);
    expect(() => loadWorkflowConfig({ GOVSHARE_WEBHOOK_URL: 'http://127.0.0.1:9/hook' })).toThrow(/GOVSHARE_WEBHOOK_SECRET/);
    expect(() => loadWorkflowConfig({ GOVSHARE_SMTP_URL: 'http://mail' })).toThrow(/GOVSHARE_SMTP_URL/);
    expect(loadWorkflowConfig({ GOVSHARE_SCHEDULER_INTERVAL_SECONDS: '0', GOVSHARE_SMTP_URL: 'smtp://mail.gov.local:25' })).toMatchObject({ schedulerIntervalSeconds: 0, smtpUrl: 'smtp://mail.gov.local:25' });
    expect(() => loadWorkflowConfig({ GOVSHARE_SMTP_PASSWORD: 'secret' })).toThrow(/GOVSHARE_SMTP_USER/);
  });

  it('is part of the one config object, with the dispute step deadlines as configurable defaults', () => {
    expect(loadConfig({}).workflow).toMatchObject({ renewalReminderWorkdays: 15, disputeStepWorkdays: { negotiation: 10, office_coordination: 15, office_decided: 5, leading_group: 20 } });
    const c = loadConfig({ GOVSHARE_DISPUTE_NEGOTIATION_WORKDAYS: '7', GOVSHARE_DISPUTE_LEADING_GROUP_WORKDAYS: '30', GOVSHARE_SMTP_URL: 'smtps://mail.gov.local', GOVSHARE_SMTP_USER: 'u', GOVSHARE_SMTP_PASSWORD: 'p' });
    expect(c.workflow).toMatchObject({ disputeStepWorkdays: { negotiation: 7, office_coordination: 15, office_decided: 5, leading_group: 30 }, smtpUser: 'u', smtpPassword: 'p' });
    expect(() => loadConfig({ GOVSHARE_DISPUTE_OFFICE_WORKDAYS: '0' })).toThrow(/GOVSHARE_DISPUTE_OFFICE_WORKDAYS/);
  });
});
