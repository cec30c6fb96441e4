import { CRITERIA, type Criterion, type Weights } from './evaluation.weights.js';

/**
 * Pure scoring of the evaluation (docs/evaluation.md). Every criterion gives a share in [0, 1] from counts that the
 * store computed over the stored rows; the score is the weighted mean of the shares, in points out of 100.
 */

/** Share of good among judged. Nothing judged means nothing was missed: full marks (the rule says so, not a guess). */
export const share = (good: number, judged: number): number => (judged === 0 ? 1 : good / judged);

/** Each misuse alert raised against the department as a consumer costs this share of the criterion. */
export const MISUSE_PENALTY = 0.25;

export const misuseShare = (alerts: number): number => Math.max(0, 1 - alerts * MISUSE_PENALTY);

/** Days within which data must have changed to match its declared update cycle (a cycle plus nothing: no grace). */
export const CYCLE_DAYS: Readonly<Record<string, number>> = { realtime: 1, daily: 1, weekly: 7, monthly: 31, quarterly: 92, half_yearly: 183, yearly: 366 };

/** Rounds to one decimal place the way the report prints it. */
export const round1 = (n: number): number => Math.round(n * 10) / 10;

export interface CriterionScore { key: Criterion; weight: number; share: number; points: number; maxPoints: number }

/** Points per criterion and the total, with the weights normalised to 100 (they need not add up to 100). */
export function combine(shares: Readonly<Record<Criterion, number>>, weights: Weights): { score: number; criteria: CriterionScore[] } {
  const total = CRITERIA.reduce((s, c) => s + weights[c], 0);
  const criteria = CRITERIA.map((key) => {
    const maxPoints = (weights[key] * 100) / total;
    return { key, weight: weights[key], share: shares[key], points: maxPoints * shares[key], maxPoints };
  });
  const score = criteria.reduce((s, c) => s + c.points, 0);
  return { score: round1(score), criteria: criteria.map((c) => ({ ...c, share: Math.round(c.share * 10000) / 10000, points: round1(c.points), maxPoints: round1(c.maxPoints) })) };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The day the judgement is made: the end of the range, or today when the range has not ended yet. */
export const asOfDate = (to: string, today: string): string => (to < today ? to : today);
