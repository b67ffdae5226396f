// A workbench button's label with what waits behind it (2 待答复 · 1 逾期); counts of zero are left out.
import { Text, View } from '@tarojs/components'
import './CountedLabel.css'

export interface Count {
  n: number | undefined
  label: string
  /** Something late or at risk: drawn in the warning colour. */
  urgent?: boolean
}

export function CountedLabel({ label, counts }: { label: string; counts: Count[] }) {
  const shown = counts.filter((c) => (c.n ?? 0) > 0)
  return (
    <View className="xcounted">
      <Text>{label}</Text>
      {shown.map((c) => (
        <Text key={c.label} className={`xcount ${c.urgent ? 'xcount-urgent' : ''}`}>
          {c.n} {c.label}
        </Text>
      ))}
    </View>
  )
}
