/**
 * The one error type of the domain. Services throw it; the HTTP layer maps it to the
 * DESIGN.md error body once (src/http/error-handler.ts); the CLI prints it and exits non-zero.
 * The domain knows nothing of HTTP beyond the status a code maps to.
 */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 423 | 429 | 502 | 503 | 504;

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly status: ErrorStatus,
    /** Chinese message shown to users (zh-CN is the default UI language). */
    message: string,
    readonly messageEn: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** Shorthands for the codes every domain uses. Domain-specific codes are built with `new DomainError`. */
export const errors = {
  validation: (messageEn: string, message = '请求参数不合法', details?: Record<string, unknown>) =>
    new DomainError('VALIDATION_FAILED', 400, `${message}：${messageEn}`, messageEn, details),
  unauthenticated: () =>
    new DomainError('UNAUTHENTICATED', 401, '未登录或登录已失效', 'Not signed in or the session has expired'),
  forbidden: (messageEn = 'You do not have permission for this action') =>
    new DomainError('FORBIDDEN', 403, '无权执行此操作', messageEn),
  /** "Not found or no access": used where existence itself is sensitive (STYLE.md). */
  notFound: (what: string, whatZh: string) =>
    new DomainError('NOT_FOUND', 404, `${whatZh}不存在或无权访问`, `${what} not found`),
  conflict: (code: string, message: string, messageEn: string) => new DomainError(code, 409, message, messageEn),
};
