import { Button, Text, View } from '@tarojs/components'
import FeedItemCard from '../../components/FeedItemCard'
import { PageStatus } from '../../components/PageStatus'
import { useApi } from '../../hooks/useApi'
import { useFeed } from '../../hooks/useFeed'
import { api } from '../../services/api'
import type { CampaignEnvelope } from '@contract/campaigns'
import './index.css'

export default function HomePage() {
  const { data, error, reload } = useApi(() => api.get<CampaignEnvelope>('/campaigns/current'))
  const feed = useFeed()
  const campaign = data?.campaign
  if (error && feed.error) {
    const retry = () => {
      void reload()
      feed.reload()
    }
    return <PageStatus error={feed.error} onRetry={retry} />
  }
  return (
    <View className='page home'>
      <View className='hero'>
        {campaign ? (
          <>
            <Text className='campaign-title'>{campaign.title}</Text>
            <Text className='campaign-subtitle'>{campaign.subtitle}</Text>
          </>
        ) : (
          <Text className='campaign-subtitle'>{error ?? '加载中…'}</Text>
        )}
      </View>
      <View className='section-title'>专题新闻</View>
      {feed.items.map((item) => (
        <FeedItemCard key={item.id} item={item} />
      ))}
      {feed.items.length === 0 && !feed.error && <Text className='muted'>暂无新闻</Text>}
      {feed.error && (
        <View className='card inline-status'>
          <Text className='error'>{feed.error}</Text>
          <Button className='btn-secondary page-retry' onClick={feed.reload}>
            重试
          </Button>
        </View>
      )}
      {campaign && (
        <View className='card'>
          <Text className='campaign-description'>{campaign.description}</Text>
        </View>
      )}
    </View>
  )
}
