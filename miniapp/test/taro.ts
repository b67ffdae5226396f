// A stand-in for @tarojs/taro with only what the pages use: storage kept the way WeChat keeps it (a JSON copy per
// key, '' for a missing one), navigation and toasts recorded, page lifecycle hooks through React effects, and
// Taro.request handed to whatever network the test installed (test/fake-server.ts), failing like WeChat without one.
import { useEffect, useRef } from 'react'

export interface RequestOption {
  url: string
  method?: string
  data?: unknown
  header?: Record<string, string>
  timeout?: number
  dataType?: string
}

export interface RequestResult {
  statusCode: number
  data: unknown
  header: Record<string, string>
  errMsg: string
}

export type Network = (opt: RequestOption) => Promise<RequestResult>

type Hook = () => void
type NetworkListener = (res: { isConnected: boolean; networkType: string }) => void

function createPhone() {
  const showHooks = new Set<{ current: Hook }>()
  const bottomHooks = new Set<{ current: Hook }>()
  const networkListeners = new Set<NetworkListener>()
  let loginCodes = 0
  const wechatLogin = () => Promise.resolve({ code: `wx-code-${++loginCodes}`, errMsg: 'login:ok' })
  return {
    showHooks,
    bottomHooks,
    networkListeners,
    /** What Taro storage holds: it outlives a restart of the app (jest.resetModules), as on a phone. */
    storage: new Map<string, string>(),
    network: null as Network | null,
    params: {} as Record<string, string | undefined>,
    toasts: [] as { title: string; icon?: string }[],
    navigations: [] as { kind: 'navigateTo' | 'redirectTo' | 'switchTab' | 'navigateBack'; url?: string }[],
    /** What Taro.login answers; replace to make the WeChat sign-in fail. */
    login: wechatLogin as () => Promise<{ code: string; errMsg: string }>,
    loginCalls: 0,
    modalConfirms: true,
    modals: [] as { title?: string; content?: string }[],
    pageStack: 1,
    /** The page shows again (a tab switch, back from a sub-page): fires every mounted useDidShow. */
    show() {
      for (const h of [...showHooks]) h.current()
    },
    /** The user scrolled the page to its bottom: fires every mounted useReachBottom. */
    reachBottom() {
      for (const h of [...bottomHooks]) h.current()
    },
    /** Tells the app the network came back or went away, as Taro.onNetworkStatusChange would. */
    setConnected(isConnected: boolean) {
      for (const l of [...networkListeners]) l({ isConnected, networkType: isConnected ? 'wifi' : 'none' })
    },
    /** The app is closed and opened again: its listeners go, what it stored stays. Pair with jest.resetModules(). */
    restartApp() {
      networkListeners.clear()
      showHooks.clear()
      bottomHooks.clear()
    },
    reset() {
      this.restartApp()
      this.storage.clear()
      this.network = null
      this.params = {}
      this.toasts = []
      this.navigations = []
      this.login = wechatLogin
      this.loginCalls = 0
      this.modalConfirms = true
      this.modals = []
      this.pageStack = 1
    },
  }
}

/**
 * What a test controls and reads back: the phone. It lives on globalThis so that a restart of the app (fresh modules
 * after jest.resetModules) finds the same phone, storage and network.
 */
const holder = globalThis as { __taroPhone?: ReturnType<typeof createPhone> }
holder.__taroPhone ??= createPhone()
export const taroTest = holder.__taroPhone
const { showHooks, bottomHooks, networkListeners } = taroTest

function request(opt: RequestOption): Promise<RequestResult> {
  if (!taroTest.network) return Promise.reject({ errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' })
  // What goes over the wire is a copy: the page must not see its own objects come back.
  const sent = { ...opt, data: opt.data === undefined ? undefined : JSON.parse(JSON.stringify(opt.data)) }
  return taroTest.network(sent)
}

const Taro = {
  request,
  getStorageSync(key: string): unknown {
    const v = taroTest.storage.get(key)
    return v === undefined ? '' : JSON.parse(v)
  },
  setStorageSync(key: string, value: unknown) {
    taroTest.storage.set(key, JSON.stringify(value))
  },
  removeStorageSync(key: string) {
    taroTest.storage.delete(key)
  },
  login() {
    taroTest.loginCalls++
    return taroTest.login()
  },
  showToast(opt: { title: string; icon?: string }) {
    taroTest.toasts.push({ title: opt.title, icon: opt.icon })
    return Promise.resolve()
  },
  showModal(opt: { title?: string; content?: string }) {
    taroTest.modals.push({ title: opt.title, content: opt.content })
    return Promise.resolve({ confirm: taroTest.modalConfirms, cancel: !taroTest.modalConfirms })
  },
  navigateTo(opt: { url: string }) {
    taroTest.navigations.push({ kind: 'navigateTo', url: opt.url })
    return Promise.resolve()
  },
  redirectTo(opt: { url: string }) {
    taroTest.navigations.push({ kind: 'redirectTo', url: opt.url })
    return Promise.resolve()
  },
  switchTab(opt: { url: string }) {
    taroTest.navigations.push({ kind: 'switchTab', url: opt.url })
    return Promise.resolve()
  },
  navigateBack() {
    taroTest.navigations.push({ kind: 'navigateBack' })
    return Promise.resolve()
  },
  getCurrentPages() {
    return Array.from({ length: taroTest.pageStack }, () => ({}))
  },
  onNetworkStatusChange(l: NetworkListener) {
    networkListeners.add(l)
  },
  stopPullDownRefresh() {},
  pageScrollTo() {
    return Promise.resolve()
  },
  pxTransform(n: number) {
    return `${n / 2}px`
  },
}

export default Taro

export function useRouter() {
  return { params: taroTest.params, path: '' }
}

/** Taro fires onShow right after the page loads, and again each time it comes back to the front. */
export function useDidShow(fn: Hook) {
  const ref = useRef(fn)
  ref.current = fn
  useEffect(() => {
    showHooks.add(ref)
    ref.current()
    return () => {
      showHooks.delete(ref)
    }
  }, [])
}

export function useReachBottom(fn: Hook) {
  const ref = useRef(fn)
  ref.current = fn
  useEffect(() => {
    bottomHooks.add(ref)
    return () => {
      bottomHooks.delete(ref)
    }
  }, [])
}

export function useDidHide(_fn: Hook) {}
export function usePullDownRefresh(_fn: Hook) {}

export function useUnload(fn: Hook) {
  const ref = useRef(fn)
  ref.current = fn
  useEffect(() => () => ref.current(), [])
}

export function useLaunch(fn: Hook) {
  const ref = useRef(fn)
  ref.current = fn
  useEffect(() => ref.current(), [])
}

/** The page's share card (WeChat's onShareAppMessage): the latest callback, for a test to read what would be sent. */
export function useShareAppMessage(fn: () => { title: string; path: string }) {
  ;(globalThis as { __taroShare?: () => { title: string; path: string } }).__taroShare = fn
}
