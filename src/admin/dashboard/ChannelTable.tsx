import type { ChannelMetricsOut, ChannelRowOut } from '@contract/metrics'
import { Text, View } from '@tarojs/components'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { percent } from '../../services/metrics'
import '../../styles/components.css'

type ChannelRow = ChannelRowOut

/** 传播渠道: which channel readers first came through, and how many of those read to the end. */
export function ChannelTable({ departmentId }: { departmentId?: string }) {
  const { data, error } = useApi(() => api.get<ChannelMetricsOut>('/metrics/channels', { query: { departmentId } }), [departmentId])
  if (error) return <Text className='error'>{error}</Text>
  if (!data) return null
  const rows = (list: ChannelRow[]) =>
    list.map((c) => (
      <View key={c.channel} className={`dept-row channel-row channel-${c.channel}`}>
        <Text>{c.name}</Text>
        <Text className='dept-rates'>
          首次打开 {c.opens} 次 · {c.readers} 人 · 读完率 {c.readThrough === null ? '—' : percent(c.readThrough)}
        </Text>
      </View>
    ))
  return (
    <View className='card channel-table'>
      <View className='section-title'>传播渠道（读者首次打开来自哪里，及读完率）</View>
      {data.channels.length ? rows(data.channels) : <Text className='muted'>还没有记录到来源</Text>}
      {!departmentId &&
        data.departments.map((d) => (
          <View key={d.departmentId} className='channel-dept'>
            <Text className='muted'>{d.name}</Text>
            {rows(d.channels)}
          </View>
        ))}
    </View>
  )
}
