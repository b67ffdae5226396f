// Typed domain errors; the one exception filter turns them into HTTP answers.
import type { ErrorCode, FieldError } from '@xst/shared-types';

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
  }
}

export const invalid = (field: string, message: string) => new DomainError(400, 'validation_failed', message, [{ field, message }]);
export const unauthorized = (message = '请先登录', code: ErrorCode = 'unauthorized') => new DomainError(401, code, message);
/** Refusals never describe the object: the same words whether it exists elsewhere or not at all. */
export const forbidden = (message = '没有权限进行此操作') => new DomainError(403, 'forbidden', message);
export const notFound = (what = '记录') => new DomainError(404, 'not_found', `${what}不存在或无权查看`);
export const conflict = (code: ErrorCode, message: string) => new DomainError(409, code, message);
export const unavailable = (code: ErrorCode, message: string) => new DomainError(503, code, message);
