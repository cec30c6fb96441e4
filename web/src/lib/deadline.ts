/**
 * How a workday deadline is shown (STYLE.md): a date plus "剩余 N 个工作日", orange from 2 workdays left,
 * red when overdue. `left` is what the server computed (negative once overdue), null once the deadline is met.
 */
export type DeadlineTone = 'normal' | 'warning' | 'overdue' | 'done';

export function deadlineTone(left: number | null, overdue = false): DeadlineTone {
  if (left === null) return 'done';
  if (overdue || left < 0) return 'overdue';
  if (left <= 2) return 'warning';
  return 'normal';
}
