// The signed-in session: token and the last known user, kept in Taro storage so a restart stays signed in.
import Taro from '@tarojs/taro'
import type { AuthResponse, User } from '@xst/shared-types'

const TOKEN_KEY = 'xst.token'
const USER_KEY = 'xst.user'

type Listener = (user: User | null) => void
const listeners = new Set<Listener>()

export function getToken(): string | null {
  return (Taro.getStorageSync(TOKEN_KEY) as string) || null
}

export function getCachedUser(): User | null {
  return (Taro.getStorageSync(USER_KEY) as User) || null
}

export function saveSession(auth: AuthResponse): void {
  Taro.setStorageSync(TOKEN_KEY, auth.token)
  saveUser(auth.user)
}

export function saveUser(user: User): void {
  Taro.setStorageSync(USER_KEY, user)
  for (const l of listeners) l(user)
}

export function clearSession(): void {
  Taro.removeStorageSync(TOKEN_KEY)
  Taro.removeStorageSync(USER_KEY)
  for (const l of listeners) l(null)
}

/** Subscribe to sign-in / sign-out / profile changes; returns the unsubscribe function. */
export function onSessionChange(l: Listener): () => void {
  listeners.add(l)
  return () => listeners.delete(l)
}
