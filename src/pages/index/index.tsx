import { Text, View } from '@tarojs/components'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import type { Campaign } from '../../services/types'
import './index.css'

export default function HomePage() {
  const { data, error } = useApi(() => api.get<{ campaign: Campaign }>('/campaigns/current'))
  const campaign = data?.campaign
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
      {campaign && (
        <View className='card'>
          <Text className='campaign-description'>{campaign.description}</Text>
        </View>
      )}
    </View>
  )
}
