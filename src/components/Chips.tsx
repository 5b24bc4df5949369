import { Text, View } from '@tarojs/components'
import '../styles/components.css'

export interface ChipOption<T> {
  value: T
  label: string
  /** Extra classes of this chip (e.g. a hook for tests). */
  className?: string
}

/**
 * A row of tappable chips. `kind` names them for page styles and tests: each chip has
 * `chip <kind>-chip`, a selected one also `chip-selected <kind>-chip-selected`.
 */
export function Chips<T>({
  kind,
  options,
  selected,
  onTap,
  className = '',
}: {
  kind: string
  options: ChipOption<T>[]
  selected: (value: T) => boolean
  onTap: (value: T) => void
  className?: string
}) {
  return (
    <View className={`chips ${kind}-chips ${className}`}>
      {options.map((o) => (
        <Text key={o.label} className={`chip ${kind}-chip ${o.className ?? ''} ${selected(o.value) ? `chip-selected ${kind}-chip-selected` : ''}`} onClick={() => onTap(o.value)}>
          {o.label}
        </Text>
      ))}
    </View>
  )
}
