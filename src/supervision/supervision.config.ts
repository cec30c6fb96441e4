import { DomainError } from '../errors.js';
import { parseWeights, type Weights } from './evaluation.weights.js';

/** Settings of src/supervision (README.md "Configuration"). */
export interface SupervisionConfig {
  /** GOVSHARE_EVALUATION_WEIGHTS: the evaluation's weights (docs/evaluation.md). */
  readonly weights: Weights;
  /** GOVSHARE_NOTICE_DEADLINE_WORKDAYS: the rectification deadline a notice gets unless the office sets one (Art. 39). */
  readonly noticeDeadlineWorkdays: number;
}

export function loadSupervisionConfig(env: Record<string, string | undefined>): SupervisionConfig {
  const weights = parseWeights(env.GOVSHARE_EVALUATION_WEIGHTS);
  if (typeof weights === 'string') {
    throw new DomainError('CONFIG_INVALID', 400, `配置项 GOVSHARE_EVALUATION_WEIGHTS 不合法：${weights}`, `Setting GOVSHARE_EVALUATION_WEIGHTS ${weights}`);
  }
  const raw = env.GOVSHARE_NOTICE_DEADLINE_WORKDAYS;
  const days = raw === undefined || raw === '' ? 15 : Number(raw);
  if (!Number.isInteger(days) || days < 1 || days > 120) {
    throw new DomainError('CONFIG_INVALID', 400, `配置项 GOVSHARE_NOTICE_DEADLINE_WORKDAYS 应为 1 到 120 之间的整数，实际为 "${raw}"`, `Setting GOVSHARE_NOTICE_DEADLINE_WORKDAYS must be a whole number from 1 to 120, got "${raw}"`);
  }
  return Object.freeze({ weights, noticeDeadlineWorkdays: days });
}
