import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import FeedItemCard from '../../components/FeedItemCard'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import type { FeedItemOut as FeedItem, ReadingProgressOut } from '@contract/articles'
import { PageStatus } from '../../components/PageStatus'

function Section({ title, items, empty }: { title: string; items: FeedItem[]; empty: string }) {
  return (
    <View className='progress-section'>
      <View className='section-title'>
        {title}（{items.length}）
      </View>
      {items.length ? items.map((i) => <FeedItemCard key={i.id} item={i} />) : <Text className='muted'>{empty}</Text>}
    </View>
  )
}

export default function ProgressPage() {
  const { data, error, reload } = useApi(() => api.get<ReadingProgressOut>('/me/reading-progress'))
  useDidShow(() => void reload())
  if (error || !data) return <PageStatus error={error} />
  return (
    <View className='page'>
      <View className='card'>
        <Text className='progress-totals'>
          已完成 {data.totals.completed} / {data.totals.published} 篇，必读 {data.totals.required} 篇
        </Text>
      </View>
      <Section title='尚未完成的必读' items={data.requiredRemaining} empty='必读内容已全部完成 👍' />
      <Section title='在读' items={data.inProgress} empty='暂无' />
      <Section title='已完成' items={data.completed} empty='暂无' />
    </View>
  )
}
