/**
 * The criteria of the evaluation (Art. 34: 目录编制、注册、更新、维护和信息资源共享情况) and their weights.
 * Weights are configuration (GOVSHARE_EVALUATION_WEIGHTS); docs/evaluation.md gives the reasoning for the defaults.
 */
export const CRITERIA = ['completeness', 'timeliness', 'shareRatio', 'applications', 'objections', 'nodeAvailability', 'dataQuality', 'misuse'] as const;
export type Criterion = (typeof CRITERIA)[number];
export type Weights = Readonly<Record<Criterion, number>>;

/** Default weights, 100 points in all. */
export const DEFAULT_WEIGHTS: Weights = Object.freeze({
  completeness: 15, // 编制、注册: entries with items, node and update cycle
  timeliness: 20, // 更新: Art. 10 15-workday updates, data refreshed as the declared cycle says
  shareRatio: 15, // 共享: Art. 5 "共享为原则，不共享为例外"
  applications: 15, // Art. 23: 10 workdays, refusals with reasons
  objections: 10, // Art. 24: 10 workdays
  nodeAvailability: 10, // 维护: Art. 14 the provider's node answers
  dataQuality: 10, // Art. 39(3): data confirmed wrong
  misuse: 5, // Art. 39(4)(5): misuse alerts against the department as a consumer
});

/**
 * Parses `completeness=15,timeliness=20,…` (any subset; the rest keep their defaults). Returns an English problem
 * description instead of throwing, so src/config.ts reports it with its own error.
 */
export function parseWeights(raw: string | undefined): Weights | string {
  if (raw === undefined || raw.trim() === '') return DEFAULT_WEIGHTS;
  const out: Record<Criterion, number> = { ...DEFAULT_WEIGHTS };
  for (const part of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [key, value] = part.split('=').map((s) => s.trim());
    if (!key || !(CRITERIA as readonly string[]).includes(key)) return `has an unknown criterion "${key}" (known: ${CRITERIA.join(', ')})`;
    const n = Number(value);
    if (value === undefined || value === '' || !Number.isFinite(n) || n < 0 || n > 1000) return `needs a number from 0 to 1000 for ${key}, got "${value}"`;
    out[key as Criterion] = n;
  }
  if (CRITERIA.every((c) => out[c] === 0)) return 'gives every criterion weight 0';
  return Object.freeze(out);
}
