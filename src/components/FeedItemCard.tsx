import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatDate, readingStateLabel } from '../services/reading'
import type { FeedItem } from '../services/types'
import './FeedItemCard.css'

export default function FeedItemCard({ item }: { item: FeedItem }) {
  return (
    <View className='card feed-item' onClick={() => Taro.navigateTo({ url: `/pages/article/index?id=${item.id}` })}>
      <View className='feed-title'>
        {item.required && <Text className='tag tag-required'>必读</Text>}
        <Text>{item.title}</Text>
      </View>
      {item.summary && <Text className='feed-summary'>{item.summary}</Text>}
      <View className='feed-meta'>
        <Text className='muted'>
          {formatDate(item.publishedAt)} · 约 {item.readingMinutes} 分钟
        </Text>
        <Text className={`feed-state feed-state-${item.state}`}>{readingStateLabel(item)}</Text>
      </View>
    </View>
  )
}
