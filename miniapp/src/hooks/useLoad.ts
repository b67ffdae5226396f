import { useCallback, useEffect, useRef, useState } from 'react'
import { useDidShow } from '@tarojs/taro'

export interface Loaded<T> {
  data: T | undefined
  error: unknown
  loading: boolean
  reload: () => Promise<void>
}

/**
 * Loads data for a page, again whenever the page shows (tab switches, coming back from a sub-page),
 * keeping the last data on screen while refreshing. `enabled: false` skips loading (e.g. signed out).
 */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[], enabled = true): Loaded<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(enabled)
  const seq = useRef(0)
  const fnRef = useRef(fn)
  fnRef.current = fn

  const reload = useCallback(async () => {
    if (!enabled) return
    const mine = ++seq.current
    setLoading(true)
    setError(null)
    try {
      const d = await fnRef.current()
      if (mine === seq.current) setData(d)
    } catch (e) {
      if (mine === seq.current) setError(e)
    } finally {
      if (mine === seq.current) setLoading(false)
    }
    // The caller's deps decide when to reload; fnRef always holds the latest loader.
  }, [enabled, ...deps])

  const first = useRef(true)
  useEffect(() => {
    first.current = true
    void reload()
  }, [reload])
  useDidShow(() => {
    // useDidShow also fires on first show, right after the effect above: skip that one.
    if (first.current) {
      first.current = false
      return
    }
    void reload()
  })
  return { data, error, loading, reload }
}
