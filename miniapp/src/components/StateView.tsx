// One look for the four non-content states of a screen: loading, empty, error (with 重试) and offline.
import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { ApiError, messageOf } from '../api/errors'
import { Button } from './Button'
import './StateView.css'
import { a11y } from '../utils/a11y'

export interface StateViewProps {
  status: 'loading' | 'empty' | 'error' | 'offline'
  title?: string
  message?: ReactNode
  onRetry?: () => void
  /** An optional action shown under the message (e.g. 去设置). */
  action?: ReactNode
  id?: string
}

/**
 * Drawn with boxes rather than characters: glyphs such as ○ or ⌁ look like a missing image, or are missing from a
 * phone's font and show as a box.
 */
function StateIcon({ status }: { status: StateViewProps['status'] }) {
  if (status === 'loading')
    return (
      <View className="xstate-icon xstate-dots" aria-hidden="true">
        <View className="xstate-dot" />
        <View className="xstate-dot" />
        <View className="xstate-dot" />
      </View>
    )
  if (status === 'empty')
    return (
      <View className="xstate-icon" aria-hidden="true">
        <View className="xstate-sheet">
          <View className="xstate-line" />
          <View className="xstate-line" />
          <View className="xstate-line xstate-line-short" />
        </View>
      </View>
    )
  if (status === 'offline')
    return (
      <View className="xstate-icon xstate-bars" aria-hidden="true">
        <View className="xstate-bar xstate-bar-1" />
        <View className="xstate-bar xstate-bar-2 xstate-bar-off" />
        <View className="xstate-bar xstate-bar-3 xstate-bar-off" />
      </View>
    )
  return (
    <View className="xstate-icon" aria-hidden="true">
      <View className="xstate-mark">!</View>
    </View>
  )
}
const TITLES = { loading: '正在加载…', empty: '暂时没有内容', error: '没能加载', offline: '网络不通' }

export function StateView({ status, title, message, onRetry, action, id }: StateViewProps) {
  return (
    <View className={`xstate xstate-${status}`} id={id ?? `state-${status}`}>
      <StateIcon status={status} />
      <View className="xstate-title">{title ?? TITLES[status]}</View>
      {message && <View className="xstate-message">{message}</View>}
      {(status === 'error' || status === 'offline') && onRetry && (
        <View className="xstate-action">
          <Button id="state-retry" type="secondary" onClick={onRetry}>
            重试
          </Button>
        </View>
      )}
      {action && <View className="xstate-action">{action}</View>}
    </View>
  )
}

/** The StateView for a failed load: offline errors get the offline look, others show the server's sentence. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const offline = error instanceof ApiError && error.isNetwork
  return <StateView status={offline ? 'offline' : 'error'} message={messageOf(error)} onRetry={onRetry} />
}

/** A thin banner over content that is still shown after a refresh failed (e.g. the phone went offline). */
export function StaleBanner({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null
  const offline = error instanceof ApiError && error.isNetwork
  return (
    <View className="xstale" id="stale-banner">
      <View className="grow">{offline ? '网络不通，显示的是上次的内容' : `没能刷新：${messageOf(error)}`}</View>
      {onRetry && (
        <View className="xstale-retry" id="stale-retry" onClick={onRetry} {...a11y('button', '重新加载')}>
          重试
        </View>
      )}
    </View>
  )
}
