import type { WorkdayCalendar } from '../calendar/workdays.js';
import { isAfter } from '../calendar/dates.js';
import { DomainError } from '../errors.js';

/**
 * Art. 24: a consumer reports doubtful or wrong data within 5 workdays of discovering it; the provider checks it and
 * replies within 10 workdays. A late report is still accepted (the data may still be wrong) but flagged.
 */
export const REPORT_WORKDAYS = 5;
export const REPLY_WORKDAYS = 10;

export interface ObjectionDates { reportBy: string; late: boolean; replyBy: string; provisional: boolean }

export function objectionDates(cal: WorkdayCalendar, discoveredOn: string, filedOn: string): ObjectionDates {
  if (isAfter(discoveredOn, filedOn)) {
    throw new DomainError('OBJECTION_DISCOVERY_IN_FUTURE', 400, '发现日期不能晚于今天', 'The discovery date cannot be after today');
  }
  const report = cal.addWorkdays(discoveredOn, REPORT_WORKDAYS);
  const reply = cal.addWorkdays(filedOn, REPLY_WORKDAYS);
  return { reportBy: report.date, late: isAfter(filedOn, report.date), replyBy: reply.date, provisional: reply.provisional };
}

export type ObjectionStatus = 'open' | 'accepted' | 'rejected';

export interface Correction { description: string; correctedOn?: string | undefined; items?: string[] | undefined; records?: number | undefined }

export interface ReplyInput { decision: 'accept' | 'reject'; reply: string; correction?: Correction | undefined }

/** open → accepted (with the correction made) | rejected (with the reasons). Replies are final; a dispute may follow. */
export function replyTransition(status: ObjectionStatus, input: ReplyInput): ObjectionStatus {
  if (status !== 'open') {
    throw new DomainError('OBJECTION_ALREADY_REPLIED', 409, '该异议已答复', 'This objection has already been answered', { status });
  }
  if (!input.reply.trim()) throw new DomainError('OBJECTION_REPLY_REQUIRED', 400, '答复内容不能为空', 'The reply is empty');
  if (input.decision === 'accept' && !input.correction?.description.trim()) {
    throw new DomainError('OBJECTION_CORRECTION_REQUIRED', 400, '确认有误的须填写更正记录', 'Accepting an objection needs the correction record');
  }
  return input.decision === 'accept' ? 'accepted' : 'rejected';
}

export const OBJECTION_STATUS_LABELS: Record<ObjectionStatus, string> = { open: '待答复', accepted: '已确认并更正', rejected: '经核实无误' };
