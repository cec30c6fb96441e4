import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';

export interface ErrorBody { error: { code: string; message: string; messageEn: string; details?: unknown } }

function body(code: string, message: string, messageEn: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message, messageEn } : { code, message, messageEn, details } };
}

/** Fastify's own client errors, by their code, mapped to the stable codes of DESIGN.md. */
const FASTIFY_CODES: Record<string, [number, string, string, string]> = {
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'MALFORMED_JSON', '请求体不是合法的 JSON', 'The request body is not valid JSON'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'MALFORMED_JSON', '请求体为空，但声明为 JSON', 'The body is empty but declared as JSON'],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'BODY_TOO_LARGE', '请求体过大', 'The request body is too large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型，请使用 application/json', 'Unsupported content type; send application/json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'BAD_REQUEST', 'Content-Length 与请求体不符', 'Content-Length does not match the body'],
  // Raised by the router before any route runs (passed here through Fastify's `frameworkErrors`, src/http/app.ts).
  FST_ERR_BAD_URL: [400, 'BAD_URL', '请求地址含有无法解码的字符', 'The URL contains characters that cannot be decoded'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'URL_TOO_LONG', '请求地址中的参数过长', 'A parameter in the URL is too long'],
};

/** The one place errors become HTTP: domain errors keep their code, anything unexpected is a logged 500 without details. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof DomainError) {
    req.log.info({ code: err.code }, 'request refused');
    void reply.status(err.status).send(body(err.code, err.message, err.messageEn, err.details));
    return;
  }
  if (err.validation) {
    const first = err.validation[0];
    const where = `${err.validationContext ?? 'body'}${first?.instancePath ?? ''}`;
    const what = first?.keyword === 'additionalProperties'
      ? `unknown field "${String((first.params as { additionalProperty?: string }).additionalProperty)}"`
      : (first?.message ?? 'is invalid');
    void reply.status(400).send(body('VALIDATION_FAILED', `请求参数不合法：${where} ${what}`, `Invalid request: ${where} ${what}`,
      err.validation.map((v) => ({ path: v.instancePath, keyword: v.keyword, message: v.message }))));
    return;
  }
  const known = err.code ? FASTIFY_CODES[err.code] : undefined;
  if (known) {
    void reply.status(known[0]).send(body(known[1], known[2], known[3]));
    return;
  }
  if (err.statusCode === 429) {
    void reply.status(429).send(body('RATE_LIMITED', '请求过于频繁，请稍后再试', 'Too many requests; try again later'));
    return;
  }
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    void reply.status(err.statusCode).send(body('BAD_REQUEST', `请求无效：${err.message}`, `Bad request: ${err.message}`));
    return;
  }
  req.log.error({ err }, 'unexpected error');
  void reply.status(500).send(body('INTERNAL_ERROR', '服务器内部错误，已记录，请联系管理员并提供请求编号', `Internal error; it was logged. Quote request id ${req.id} to an administrator`));
}
