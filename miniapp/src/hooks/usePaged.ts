import { useCallback, useEffect, useRef, useState } from 'react'
import { useDidShow, useReachBottom } from '@tarojs/taro'
import type { Page } from '@xst/shared-types'

export const PAGE_SIZE = 20

export interface Paged<T> {
  /** Undefined until the first page has come. */
  items: T[] | undefined
  total: number
  /** The last load's error (of the first page, a refresh or the next page); what was shown stays. */
  error: unknown
  /** The first page or a refresh is on its way. */
  loading: boolean
  loadingMore: boolean
  hasMore: boolean
  loadMore: () => Promise<void>
  reload: () => Promise<void>
}

/**
 * A list that grows with the campaign, a page at a time: the first page when the deps change, the next one when the
 * user scrolls to the bottom (or taps 加载更多). When the page shows again, what was on screen is read again in one
 * request of as many rows, so coming back from a detail keeps the place. `enabled: false` loads nothing.
 */
export function usePaged<T>(
  fetchPage: (cursor: string | undefined, limit: number) => Promise<Page<T>>,
  deps: unknown[],
  enabled = true,
  pageSize = PAGE_SIZE,
): Paged<T> {
  const [items, setItems] = useState<T[]>()
  const [total, setTotal] = useState(0)
  const [next, setNext] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(enabled)
  const [loadingMore, setLoadingMore] = useState(false)
  // Answers to an older request (other filters, a refresh since) are dropped.
  const seq = useRef(0)
  const fetchRef = useRef(fetchPage)
  fetchRef.current = fetchPage
  const shown = useRef(0)
  shown.current = items?.length ?? 0

  const load = useCallback(
    async (limit: number) => {
      if (!enabled) return
      const mine = ++seq.current
      setLoading(true)
      setLoadingMore(false)
      setError(null)
      try {
        const page = await fetchRef.current(undefined, limit)
        if (mine !== seq.current) return
        setItems(page.items)
        setTotal(page.total)
        setNext(page.next)
      } catch (e) {
        if (mine === seq.current) setError(e)
      } finally {
        if (mine === seq.current) setLoading(false)
      }
    },
    // The caller's deps decide when to start again; fetchRef always holds the latest loader.
    [enabled, ...deps],
  )

  const reload = useCallback(() => load(Math.min(500, Math.max(pageSize, shown.current))), [load, pageSize])

  const loadMore = useCallback(async () => {
    if (!enabled || !next || loading || loadingMore) return
    const mine = seq.current
    setLoadingMore(true)
    setError(null)
    try {
      const page = await fetchRef.current(next, pageSize)
      if (mine !== seq.current) return
      setItems((before) => [...(before ?? []), ...page.items])
      setTotal(page.total)
      setNext(page.next)
    } catch (e) {
      if (mine === seq.current) setError(e)
    } finally {
      if (mine === seq.current) setLoadingMore(false)
    }
  }, [enabled, next, loading, loadingMore, pageSize])

  const first = useRef(true)
  useEffect(() => {
    first.current = true
    setItems(undefined)
    setNext(null)
    void load(pageSize)
  }, [load, pageSize])
  useDidShow(() => {
    // useDidShow also fires on first show, right after the effect above: skip that one.
    if (first.current) {
      first.current = false
      return
    }
    void reload()
  })
  useReachBottom(() => {
    void loadMore()
  })

  return { items, total, error, loading, loadingMore, hasMore: !!next, loadMore, reload }
}
