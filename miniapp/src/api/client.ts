// One typed HTTP client over Taro.request: base URL per build, bearer token, WeChat re-login on 401, Chinese errors.
import Taro from '@tarojs/taro'
import type { AuthResponse, WechatLoginRequest } from '@xst/shared-types'
import { ApiError } from './errors'
import { clearSession, getToken, saveSession } from './session'

export const IS_WEAPP = process.env.TARO_ENV === 'weapp'
const TIMEOUT_MS = 15000

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
type Query = Record<string, string | number | boolean | undefined | null>

export interface RequestOptions {
  query?: Query
  body?: unknown
  /** Send the token and, in the WeChat build, sign in again on 401. Default true. */
  auth?: boolean
}

function buildUrl(path: string, query?: Query): string {
  const qs = query
    ? Object.entries(query)
        .filter(([, v]) => v !== undefined && v !== null && v !== '')
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
        .join('&')
    : ''
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`
}

/** One round trip; `token` is the one to send (null: none), so a caller can tell later which token was refused. */
async function send<T>(method: Method, path: string, opts: RequestOptions, token: string | null): Promise<T> {
  const header: Record<string, string> = { Accept: 'application/json' }
  if (token) header.Authorization = `Bearer ${token}`
  if (opts.body !== undefined) header['Content-Type'] = 'application/json'
  let res: Awaited<ReturnType<typeof Taro.request>>
  try {
    res = await Taro.request({
      url: buildUrl(path, opts.query),
      method,
      data: opts.body as Taro.request.Option['data'],
      header,
      timeout: TIMEOUT_MS,
      dataType: 'json',
    })
  } catch (e) {
    throw toNetworkError(e)
  }
  if (res.statusCode >= 200 && res.statusCode < 300) return res.data as T
  throw ApiError.fromResponse(res.statusCode, res.data)
}

function toNetworkError(e: unknown): ApiError {
  const err = e as { errMsg?: string; message?: string; name?: string }
  const text = `${err?.errMsg ?? ''} ${err?.message ?? ''}`
  if (err?.name === 'AbortError' || /timeout|超时|aborted/i.test(text)) return ApiError.timeout()
  return ApiError.offline()
}

/** WeChat sign-in: at most one in flight; concurrent 401s all wait for the same one. */
let loginInFlight: Promise<void> | null = null

export function wechatLogin(): Promise<void> {
  if (!loginInFlight) {
    loginInFlight = (async () => {
      let code: string
      try {
        code = (await Taro.login()).code
      } catch {
        throw new ApiError('http', 401, 'wechat_login_failed', '微信登录没有成功，请稍后重试')
      }
      const body: WechatLoginRequest = { code }
      const auth = await send<AuthResponse>('POST', '/auth/wechat', { body, auth: false }, null)
      saveSession(auth)
    })().finally(() => {
      loginInFlight = null
    })
  }
  return loginInFlight
}

export async function request<T>(method: Method, path: string, opts: RequestOptions = {}): Promise<T> {
  const sent = opts.auth === false ? null : getToken()
  try {
    return await send<T>(method, path, opts, sent)
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401 || opts.auth === false) throw e
    if (!IS_WEAPP) {
      // H5 has no silent sign-in: forget the stale token so the pages show the sign-in screen.
      if (getToken() === sent) clearSession()
      throw e
    }
    // Requests that left together all come back 401: one sign-in for all of them. One whose 401 arrives after that
    // sign-in finished finds a newer token already there and only goes again.
    if (loginInFlight || getToken() === sent) await wechatLogin()
    return send<T>(method, path, opts, getToken())
  }
}

export const api = {
  get: <T>(path: string, query?: Query, opts?: Omit<RequestOptions, 'query'>) => request<T>('GET', path, { ...opts, query }),
  post: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...opts, body }),
  put: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('PUT', path, { ...opts, body }),
  patch: <T>(path: string, body?: unknown, opts?: Omit<RequestOptions, 'body'>) => request<T>('PATCH', path, { ...opts, body }),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, opts),
}
