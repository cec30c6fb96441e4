import type { WorkdayCalendar } from '../calendar/workdays.js';
import { isAfter } from '../calendar/dates.js';

/**
 * Pure deadline arithmetic shared by to-do lists, reminders and supervision (SPEC C4: reminders before a deadline,
 * overdue marking after it; STYLE.md: "orange from 2 workdays left, red when overdue").
 */
export type Level = 'normal' | 'warning' | 'overdue';

export const WARNING_WORKDAYS = 2;

export interface DeadlineState {
  workdaysLeft: number;
  level: Level;
  overdue: boolean;
  provisional: boolean;
}

/** workdaysLeft counts workdays in (today, due]: 0 on the due date itself, negative once it has passed. */
export function deadlineState(cal: WorkdayCalendar, due: string, today: string, warnAt = WARNING_WORKDAYS): DeadlineState {
  const { days, provisional } = cal.workdaysBetween(today, due);
  const overdue = isAfter(today, due);
  return { workdaysLeft: days || 0, overdue, provisional, level: overdue ? 'overdue' : days <= warnAt ? 'warning' : 'normal' };
}

/** Workdays after the due date up to today (0 while not overdue). */
export function workdaysOverdue(cal: WorkdayCalendar, due: string, today: string): number {
  return isAfter(today, due) ? Math.max(cal.workdaysBetween(due, today).days, 0) : 0;
}

export type ReminderStage = 'none' | 'remind' | 'overdue';

/** What a sweep owes a deadline today: a reminder from `remindDays` workdays before it, an overdue notice after it. */
export function reminderStage(cal: WorkdayCalendar, due: string, today: string, remindDays: number): ReminderStage {
  if (isAfter(today, due)) return 'overdue';
  return cal.workdaysBetween(today, due).days <= remindDays ? 'remind' : 'none';
}
