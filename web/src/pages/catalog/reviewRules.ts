/**
 * The review rules of src/catalog/resource.lifecycle.ts checkReview, checked before sending so the reviewer
 * sees the problem next to the item: a rejected item needs a reason; an entry with rejected items cannot be
 * approved; a rejection needs comments or at least one rejected item.
 */
export interface Decision {
  decision: 'approve' | 'reject';
  comment: string;
}

export type ReviewProblem =
  | { code: 'REVIEW_ITEM_COMMENT_REQUIRED'; name: string }
  | { code: 'REVIEW_INCONSISTENT'; name?: undefined }
  | { code: 'REVIEW_REASON_REQUIRED'; name?: undefined };

export function reviewProblem(decision: 'approve' | 'reject', items: Record<string, Decision>, comments: string): ReviewProblem | null {
  const rejected = Object.entries(items).filter(([, d]) => d.decision === 'reject');
  const bare = rejected.find(([, d]) => !d.comment.trim());
  if (bare) return { code: 'REVIEW_ITEM_COMMENT_REQUIRED', name: bare[0] };
  if (decision === 'approve' && rejected.length > 0) return { code: 'REVIEW_INCONSISTENT' };
  if (decision === 'reject' && rejected.length === 0 && !comments.trim()) return { code: 'REVIEW_REASON_REQUIRED' };
  return null;
}
