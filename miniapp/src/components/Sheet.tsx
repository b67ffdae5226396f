// A bottom sheet of big options: easier with one thumb than a scroll wheel, and each option is a plain tap.
import type { ReactNode } from 'react'
import { ScrollView, View } from '@tarojs/components'
import './Sheet.css'
import { a11y } from '../utils/a11y'

export interface SheetOption {
  value: string
  label: string
}

export interface SheetProps {
  open: boolean
  title: string
  onClose: () => void
  options?: SheetOption[]
  selected?: string
  onSelect?: (value: string) => void
  /** Class of each option, a stable hook for browser tests (e.g. 'region-option'). */
  optionClassName?: string
  /** Shown above the options (e.g. a breadcrumb), or instead of them (e.g. a loading state). */
  header?: ReactNode
  children?: ReactNode
  id?: string
}

export function Sheet({ open, title, onClose, options, selected, onSelect, optionClassName, header, children, id }: SheetProps) {
  if (!open) return null
  return (
    <View className="xsheet-mask" onClick={onClose} catchMove>
      <View className="xsheet" id={id} onClick={(e) => e.stopPropagation()} {...a11y('dialog', title)}>
        <View className="xsheet-head">
          <View className="xsheet-title">{title}</View>
          <View
            className="xsheet-close"
            id="sheet-close"
            hoverClass="xsheet-close-hover"
            onClick={onClose}
            {...a11y('button', `关闭${title}`)}
          >
            关闭
          </View>
        </View>
        {header}
        <ScrollView className="xsheet-body" scrollY>
          {children}
          {options?.map((o) => (
            <View
              key={o.value}
              className={`xsheet-option ${o.value === selected ? 'xsheet-option-on' : ''} ${optionClassName ?? ''}`}
              hoverClass="xsheet-option-hover"
              onClick={() => onSelect?.(o.value)}
              {...a11y('option', o.label, { selected: o.value === selected })}
            >
              <View className="grow">{o.label}</View>
              {o.value === selected && <View className="xsheet-check">✓</View>}
            </View>
          ))}
        </ScrollView>
      </View>
    </View>
  )
}
