import { DomainError } from '../errors.js';

/** The node's refusal codes (stable; docs/node.md lists them). Each becomes the DESIGN.md error body. */
export const nodeErrors = {
  ticketMissing: () => new DomainError('TICKET_MISSING', 401, '缺少访问票据（Authorization: Bearer <ticket>）', 'Missing ticket (Authorization: Bearer <ticket>)'),
  ticketMalformed: (why: string) => new DomainError('TICKET_MALFORMED', 401, `访问票据格式不正确：${why}`, `Malformed ticket: ${why}`),
  signatureInvalid: () => new DomainError('TICKET_SIGNATURE_INVALID', 401, '访问票据签名无效', 'The ticket signature is not valid for the platform key'),
  expired: () => new DomainError('TICKET_EXPIRED', 401, '访问票据已过期', 'The ticket has expired'),
  notYetValid: () => new DomainError('TICKET_NOT_YET_VALID', 401, '访问票据签发时间晚于当前时间', 'The ticket is issued in the future'),
  lifetimeTooLong: () => new DomainError('TICKET_LIFETIME_TOO_LONG', 401, '访问票据有效期超过 60 秒', 'The ticket lives longer than 60 seconds'),
  audienceMismatch: () => new DomainError('TICKET_AUDIENCE_MISMATCH', 403, '访问票据不是签发给本节点的', 'The ticket is for another node'),
  replayed: () => new DomainError('TICKET_REPLAYED', 409, '访问票据已使用过（一票一次）', 'The ticket was already used (one ticket, one request)'),
  methodMismatch: (want: string, got: string) => new DomainError('TICKET_METHOD_MISMATCH', 403, `访问票据的方式为 ${got}，不能用于 ${want}`, `The ticket is for method ${got}, not ${want}`),
  itemNotInTicket: (item: string) => new DomainError('ITEM_NOT_IN_TICKET', 403, `信息项“${item}”不在访问票据范围内`, `Item "${item}" is not in the ticket`, { item }),
  resourceNotServed: (code: string) => new DomainError('RESOURCE_NOT_SERVED', 404, `本节点不提供资源 ${code}`, `This node does not serve resource ${code}`),
  itemNotServed: (item: string) => new DomainError('ITEM_NOT_SERVED', 400, `本节点的资源配置中没有信息项“${item}”`, `The node's resource has no item "${item}"`, { item }),
  replayCacheFull: () => new DomainError('NODE_BUSY', 503, '节点繁忙，请稍后再试', 'The node is busy; try again shortly'),
  sourceUnavailable: (source: string) => new DomainError('SOURCE_UNAVAILABLE', 503, `数据源 ${source} 不可用`, `Data source ${source} is unavailable`),
  sourceTimeout: (source: string) => new DomainError('SOURCE_TIMEOUT', 504, `数据源 ${source} 响应超时`, `Data source ${source} timed out`),
  sourceError: (source: string) => new DomainError('SOURCE_ERROR', 502, `数据源 ${source} 返回错误，已记录`, `Data source ${source} returned an error; it was logged`),
  cursorInvalid: () => new DomainError('CURSOR_INVALID', 400, '翻页游标无效或与本次查询条件不符', 'The cursor is invalid or belongs to another query'),
  filterInvalid: (why: string, whyZh: string) => new DomainError('FILTER_INVALID', 400, `过滤条件不合法：${whyZh}`, `Invalid filter: ${why}`),
  tooMany: (what: string, whatZh: string, max: number) => new DomainError('LIMIT_EXCEEDED', 413, `${whatZh}超过上限 ${max}`, `${what} exceeds the limit of ${max}`, { max }),
  compareInvalid: (why: string, whyZh: string) => new DomainError('COMPARE_INVALID', 400, `比对请求不合法：${whyZh}`, `Invalid comparison request: ${why}`),
  probeRefused: (why: string, whyZh: string) => new DomainError('COMPARE_PROBE_REFUSED', 422, `比对请求被拒绝（防枚举）：${whyZh}`, `Comparison refused (anti-enumeration): ${why}`),
};
