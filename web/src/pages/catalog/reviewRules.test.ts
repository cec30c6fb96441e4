import { describe, expect, it } from 'vitest';
import { reviewProblem, type Decision } from './reviewRules';

const ok: Decision = { decision: 'approve', comment: '' };

describe('reviewProblem (the server checkReview rules)', () => {
  it('lets an all-approved entry be approved', () => {
    expect(reviewProblem('approve', { 姓名: ok, 性别: ok }, '')).toBeNull();
  });

  it('needs a reason for every rejected item', () => {
    expect(reviewProblem('reject', { 姓名: { decision: 'reject', comment: '  ' } }, '')).toEqual({ code: 'REVIEW_ITEM_COMMENT_REQUIRED', name: '姓名' });
    expect(reviewProblem('reject', { 姓名: { decision: 'reject', comment: '应脱敏' } }, '')).toBeNull();
  });

  it('refuses to approve an entry with rejected items', () => {
    expect(reviewProblem('approve', { 姓名: { decision: 'reject', comment: '应脱敏' } }, '')).toEqual({ code: 'REVIEW_INCONSISTENT' });
  });

  it('needs comments to reject an entry whose items all pass', () => {
    expect(reviewProblem('reject', { 姓名: ok }, '')).toEqual({ code: 'REVIEW_REASON_REQUIRED' });
    expect(reviewProblem('reject', { 姓名: ok }, '摘要不清楚')).toBeNull();
  });
});
