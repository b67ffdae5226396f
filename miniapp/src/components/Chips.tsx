// A wrap of big toggle chips: one tap to choose, no scroll wheels.
import { View } from '@tarojs/components'
import './Chips.css'

export interface ChipsProps<T extends string> {
  options: readonly { value: T; label: string }[]
  selected: readonly T[]
  onToggle: (value: T) => void
  /** Stable hook for tests; each chip also gets id `${idPrefix}-${value}`. */
  className?: string
  idPrefix?: string
}

export function Chips<T extends string>({ options, selected, onToggle, className, idPrefix }: ChipsProps<T>) {
  return (
    <View className="xchips">
      {options.map((o) => {
        const on = selected.includes(o.value)
        return (
          <View
            key={o.value}
            id={idPrefix ? `${idPrefix}-${o.value}` : undefined}
            className={`xchip ${on ? 'xchip-on' : ''} ${className ?? ''}`}
            hoverClass="xchip-hover"
            onClick={() => onToggle(o.value)}
          >
            {on ? '✓ ' : ''}
            {o.label}
          </View>
        )
      })}
    </View>
  )
}
