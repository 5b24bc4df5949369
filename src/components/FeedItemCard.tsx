import { Image, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { formatDate, mediaUrl, readingStateLabel } from '../services/reading'
import type { FeedItemOut as FeedItem } from '@contract/articles'
import './FeedItemCard.css'

export default function FeedItemCard({ item }: { item: FeedItem }) {
  return (
    <View className='card feed-item' onClick={() => Taro.navigateTo({ url: `/pages/article/index?id=${item.id}` })}>
      {item.coverUrl && <Image className='feed-cover' mode='aspectFill' lazyLoad src={mediaUrl(item.coverUrl, API_BASE)} />}
      <View className='feed-title'>
        {item.required && <Text className='tag tag-required'>必读</Text>}
        <Text>{item.title}</Text>
      </View>
      {item.summary && <Text className='feed-summary'>{item.summary}</Text>}
      {item.tags.length > 0 && (
        <View className='feed-tags'>
          {item.tags.map((tag) => (
            <Text key={tag} className='tag feed-tag'>
              {tag}
            </Text>
          ))}
        </View>
      )}
      <View className='feed-meta'>
        <Text className='muted'>
          {formatDate(item.publishedAt)} · 约 {item.readingMinutes} 分钟
        </Text>
        <Text className={`feed-state feed-state-${item.state}`}>{readingStateLabel(item)}</Text>
      </View>
    </View>
  )
}
