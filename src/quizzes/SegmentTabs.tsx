import { View } from '@tarojs/components'
import '../components/QuestionCard.css'

/** A row of tabs, each a full-height tap target; `kind` names them for tests (`<kind>-tab`, `<kind>-tab-on`). */
export function SegmentTabs<T>({ kind, options, value, onChange }: { kind: string; options: { value: T; label: string }[]; value: T; onChange: (v: T) => void }) {
  return (
    <View className={`seg ${kind}-tabs`}>
      {options.map((o) => (
        <View key={o.label} className={`seg-tab ${kind}-tab ${o.value === value ? `seg-tab-on ${kind}-tab-on` : ''}`} onClick={() => onChange(o.value)}>
          {o.label}
        </View>
      ))}
    </View>
  )
}
