import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import './Card.css'
import { a11y } from '../utils/a11y'

export interface CardProps {
  children: ReactNode
  title?: ReactNode
  extra?: ReactNode
  onClick?: () => void
  id?: string
  className?: string
}

export function Card({ children, title, extra, onClick, id, className }: CardProps) {
  return (
    <View
      id={id}
      className={`xcard ${onClick ? 'xcard-tappable' : ''} ${className ?? ''}`}
      hoverClass={onClick ? 'xcard-hover' : 'none'}
      onClick={onClick}
      {...(onClick ? a11y('button') : {})}
    >
      {(title || extra) && (
        <View className="xcard-head">
          <View className="xcard-title">{title}</View>
          {extra && <View className="xcard-extra">{extra}</View>}
        </View>
      )}
      {children}
    </View>
  )
}
