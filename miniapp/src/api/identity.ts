import type {
  AuthResponse,
  DevLoginRequest,
  RedeemRequest,
  Region,
  RegionsQuery,
  ServerInfo,
  UpdateMeRequest,
  User,
} from '@xst/shared-types'
import { downloadWithToken } from './download'
import { api, wechatLogin } from './client'
import { clearSession, saveSession, saveUser } from './session'

export const getInfo = () => api.get<ServerInfo>('/info', undefined, { auth: false })

export async function devLogin(req: DevLoginRequest): Promise<User> {
  const auth = await api.post<AuthResponse>('/auth/dev-login', req, { auth: false })
  saveSession(auth)
  return auth.user
}

export { wechatLogin }

export async function redeem(code: string): Promise<User> {
  const req: RedeemRequest = { code }
  const auth = await api.post<AuthResponse>('/auth/redeem', req)
  saveSession(auth)
  return auth.user
}

export async function logout(): Promise<void> {
  try {
    await api.post<void>('/auth/logout', undefined)
  } finally {
    clearSession()
  }
}

export async function getMe(): Promise<User> {
  const user = await api.get<User>('/me')
  saveUser(user)
  return user
}

export async function updateMe(req: UpdateMeRequest): Promise<User> {
  const user = await api.patch<User>('/me', req)
  saveUser(user)
  return user
}

export const listRegions = (parent?: string) => {
  const q: RegionsQuery = { parent }
  return api.get<Region[]>('/regions', { ...q }, { auth: false })
}

/** Everything the server holds about the signed-in worker, as a JSON file: sent to a chat (WeChat) or saved (H5). */
export const exportMyData = () => downloadWithToken(`${API_BASE}/me/export`, '协商通_我的数据.json', 'json')

/** Deletes the worker's account (identity cleared, votes kept only as anonymous counts) and ends the session here. */
export async function deleteAccount(): Promise<void> {
  await api.delete<void>('/me')
  clearSession()
}
