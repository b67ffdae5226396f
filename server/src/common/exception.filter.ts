// The one place where errors become HTTP answers. Bodies follow ApiErrorBody of shared-types.
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { ApiErrorBody, ErrorCode } from '@xst/shared-types';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { DomainError } from './errors.js';

const STATUS_MESSAGES: Record<number, [ErrorCode, string]> = {
  400: ['bad_request', '请求内容格式不正确'],
  401: ['unauthorized', '请先登录'],
  403: ['forbidden', '没有权限进行此操作'],
  404: ['not_found', '没有找到这个页面或记录'],
  405: ['method_not_allowed', '不支持这种请求方式'],
  408: ['timeout', '请求超时，请重试'],
  409: ['conflict', '操作与当前状态冲突'],
  413: ['payload_too_large', '提交的内容太大了，请删减后再试'],
  414: ['uri_too_long', '请求地址太长了'],
  415: ['unsupported_media_type', '请以 JSON 格式提交'],
  429: ['too_many_requests', '操作太频繁了，请稍等一会儿再试'],
};

const INVALID_JSON = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY']);

export function isUniqueViolation(e: unknown): boolean {
  return e instanceof QueryFailedError && /UNIQUE|Duplicate/i.test(String((e as Error).message));
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    this.send(host.switchToHttp().getResponse<FastifyReply>(), exception);
  }

  /** Answers `e`; also used for what Fastify's router refuses before any route runs (app.factory.ts). */
  send(reply: FastifyReply, e: unknown): void {
    const body = this.toBody(e, reply.request?.id);
    if (reply.sent || reply.raw.headersSent) return;
    if (body.statusCode === 429 && !reply.getHeader('Retry-After')) reply.header('Retry-After', '60');
    // An error answer is never a download, even when the failing handler had named one.
    reply.removeHeader('Content-Disposition');
    reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
  }

  private toBody(e: unknown, requestId: string | undefined): ApiErrorBody {
    if (e instanceof DomainError) {
      return { statusCode: e.status, code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) };
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      // Fastify's body errors (too large, not JSON, bad JSON) arrive as HttpExceptions caused by a FastifyError.
      if (INVALID_JSON.has((e.cause as { code?: string } | undefined)?.code ?? '')) {
        return { statusCode: 400, code: 'invalid_json', message: '请求内容不是有效的 JSON' };
      }
      if (status < 500) {
        const [code, message] = STATUS_MESSAGES[status] ?? ['bad_request', '请求无法处理'];
        return { statusCode: status, code, message };
      }
    }
    // Refusals of Fastify's router (a malformed URL, a path parameter over its length limit).
    const fastifyError = e as { name?: string; statusCode?: number };
    if (e instanceof Error && fastifyError.name === 'FastifyError' && (fastifyError.statusCode ?? 500) < 500) {
      const status = fastifyError.statusCode!;
      const [code, message] = STATUS_MESSAGES[status] ?? ['bad_request', '请求无法处理'];
      return { statusCode: status, code, message };
    }
    if (isUniqueViolation(e)) {
      return { statusCode: 409, code: 'duplicate', message: '这条记录已经存在' };
    }
    const errorId = randomUUID();
    // The request id ties this line to the request's own log line; the error id is what the caller is shown.
    this.logger.error({ err: e, errorId, reqId: requestId }, 'unhandled error');
    return { statusCode: 500, code: 'internal_error', message: '服务器出了点问题，请稍后再试', errorId };
  }
}
