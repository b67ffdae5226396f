// Every failed call surfaces as one ApiError whose `message` is a Chinese sentence a worker can read as is.
import { isErrorCode, type ApiErrorBody, type ErrorCode, type FieldError } from '@xst/shared-types'

export type ApiErrorKind = 'http' | 'offline' | 'timeout'

/** Codes of failures the server never saw or could not name: no network, no answer in time, WeChat's own login, sharing. */
export type ClientErrorCode = 'offline' | 'timeout' | 'wechat_login_failed' | 'share_failed' | `http_${number}`

export const OFFLINE_MESSAGE = '网络不通，请检查网络后重试'
export const TIMEOUT_MESSAGE = '服务器响应太慢，请稍后重试'
const FALLBACK_MESSAGE = '出了点问题，请稍后重试'

export class ApiError extends Error {
  readonly kind: ApiErrorKind
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number
  /** The server's code (shared-types ERROR_CODES), or one of the client's own. */
  readonly code: ErrorCode | ClientErrorCode
  readonly fields: FieldError[]
  readonly errorId?: string

  constructor(
    kind: ApiErrorKind,
    status: number,
    code: ErrorCode | ClientErrorCode,
    message: string,
    fields: FieldError[] = [],
    errorId?: string,
  ) {
    super(message)
    this.name = 'ApiError'
    this.kind = kind
    this.status = status
    this.code = code
    this.fields = fields
    this.errorId = errorId
  }

  static offline(): ApiError {
    return new ApiError('offline', 0, 'offline', OFFLINE_MESSAGE)
  }

  static timeout(): ApiError {
    return new ApiError('timeout', 0, 'timeout', TIMEOUT_MESSAGE)
  }

  static fromResponse(status: number, body: unknown): ApiError {
    const b = (body && typeof body === 'object' ? body : {}) as Partial<ApiErrorBody>
    const message = typeof b.message === 'string' && b.message ? b.message : statusMessage(status)
    const suffix = b.errorId ? `（错误编号 ${b.errorId}）` : ''
    const code = isErrorCode(b.code) ? b.code : (`http_${status}` as const)
    return new ApiError('http', status, code, message + suffix, Array.isArray(b.fields) ? b.fields : [], b.errorId)
  }

  /** The message for one field, for showing under that input. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message
  }

  get isNetwork(): boolean {
    return this.kind !== 'http'
  }
}

function statusMessage(status: number): string {
  if (status === 401) return '请先登录'
  if (status === 403) return '你没有权限做这件事'
  if (status === 404) return '找不到这项内容'
  if (status === 409) return '状态已变化，请刷新后再试'
  if (status === 429) return '操作太频繁，请稍后再试'
  if (status >= 500) return '服务器出了点问题，请稍后重试'
  return FALLBACK_MESSAGE
}

/** Any thrown value → a Chinese sentence (ApiError's own message; never an English stack message). */
export function messageOf(e: unknown): string {
  if (e instanceof ApiError) return e.message
  return FALLBACK_MESSAGE
}
