// Drafts kept on the phone (Taro storage) while they are typed, one set per signed-in account.
import Taro from '@tarojs/taro'
import { getCachedUser } from '../../api/session'

/** A v4 UUID: crypto.randomUUID where the runtime has it (H5 on https/localhost), else from Math.random. */
export function newClientId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  if (c && typeof c.randomUUID === 'function') {
    try {
      return c.randomUUID()
    } catch {
      // Insecure context: fall through.
    }
  }
  return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, (ch) => {
    const r = (Math.random() * 16) | 0
    return (ch === 'x' ? r : (r & 0x3) | 0x8).toString(16)
  })
}

/** Drafts belong to the signed-in account: another organizer on the same phone never sees or sends them. */
function userKey(name: string): string | null {
  const user = getCachedUser()
  return user ? `xst.drafts.${name}.${user.id}` : null
}

export function loadDraft<T>(name: string): T | null {
  const key = userKey(name)
  if (!key) return null
  try {
    return (Taro.getStorageSync(key) as T) || null
  } catch {
    return null
  }
}

export function saveDraft<T>(name: string, value: T): void {
  const key = userKey(name)
  if (key) Taro.setStorageSync(key, value)
}

export function clearDraft(name: string): void {
  const key = userKey(name)
  if (key) Taro.removeStorageSync(key)
}

/** Calls `fn` `ms` after the last `schedule`; `flush` runs a pending call now (page hide, unload, submit). */
export function debounced(fn: () => void, ms = 400) {
  let timer: ReturnType<typeof setTimeout> | null = null
  return {
    schedule() {
      if (timer) clearTimeout(timer)
      timer = setTimeout(() => {
        timer = null
        fn()
      }, ms)
    },
    flush() {
      if (!timer) return
      clearTimeout(timer)
      timer = null
      fn()
    },
    cancel() {
      if (timer) clearTimeout(timer)
      timer = null
    },
  }
}
