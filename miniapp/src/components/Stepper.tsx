// A count chosen with two big buttons: − and +, the number between (no keyboard on a phone for "5 人").
import { View } from '@tarojs/components'
import './Stepper.css'
import { a11y } from '../utils/a11y'

export interface StepperProps {
  value: number
  onChange: (n: number) => void
  /** Stable hook for tests; the buttons get `${id}-minus` and `${id}-plus`. */
  id: string
  min?: number
  max?: number
  unit?: string
}

export function Stepper({ value, onChange, id, min = 1, max = 200, unit = '人' }: StepperProps) {
  return (
    <View className="xstepper">
      <View
        id={`${id}-minus`}
        className="xstepper-btn"
        hoverClass="xstepper-hover"
        onClick={() => onChange(Math.max(min, value - 1))}
        {...a11y('button', `减少，现在 ${value} ${unit}`, { disabled: value <= min })}
      >
        −
      </View>
      <View id={id} className="xstepper-value">
        {value} {unit}
      </View>
      <View
        id={`${id}-plus`}
        className="xstepper-btn"
        hoverClass="xstepper-hover"
        onClick={() => onChange(Math.min(max, value + 1))}
        {...a11y('button', `增加，现在 ${value} ${unit}`, { disabled: value >= max })}
      >
        +
      </View>
    </View>
  )
}
