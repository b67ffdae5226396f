// A big tap target (≥ 48 px high) that shows its own busy state and ignores taps while busy or disabled.
import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { a11y } from '../utils/a11y'
import './Button.css'

export interface ButtonProps {
  children: ReactNode
  onClick?: () => void
  type?: 'primary' | 'secondary' | 'plain' | 'danger'
  size?: 'large' | 'medium' | 'small'
  disabled?: boolean
  loading?: boolean
  /** Shown instead of the label while loading, e.g. '正在提交…'. */
  loadingText?: string
  block?: boolean
  id?: string
  className?: string
  /** What a screen reader says when the text alone does not tell (e.g. 重试 → 重新加载议题). */
  ariaLabel?: string
}

export function Button({
  children,
  onClick,
  type = 'primary',
  size = 'large',
  disabled,
  loading,
  loadingText,
  block = true,
  id,
  className,
  ariaLabel,
}: ButtonProps) {
  const inactive = disabled || loading
  const classes = [
    'xbtn',
    `xbtn-${type}`,
    `xbtn-${size}`,
    block ? 'xbtn-block' : '',
    inactive ? 'xbtn-inactive' : '',
    loading ? 'xbtn-loading' : '',
    className ?? '',
  ]
    .filter(Boolean)
    .join(' ')
  return (
    <View
      id={id}
      className={classes}
      hoverClass={inactive ? 'none' : 'xbtn-hover'}
      {...a11y('button', ariaLabel, { disabled: !!inactive })}
      onClick={(e) => {
        // A button inside a tappable card does its own thing only.
        e.stopPropagation()
        if (!inactive && onClick) onClick()
      }}
    >
      {loading ? (loadingText ?? '请稍候…') : children}
    </View>
  )
}
