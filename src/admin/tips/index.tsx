import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { TIP_STATUS_NAMES } from '../../services/tips'

interface InboxItem {
  id: string
  category: string
  statusName: string
  anonymous: boolean
  receivedAt: string
  attachments: number
  excerpt: string
}

const FILTERS = [{ code: '', name: '全部' }, ...Object.entries(TIP_STATUS_NAMES).map(([code, name]) => ({ code, name }))]

export default function TipInbox() {
  const [status, setStatus] = useState('')
  const { data, error, reload } = useApi(() => api.get<{ tips: InboxItem[] }>('/security/tips', { query: { status } }), [status])
  useDidShow(() => void reload())
  return (
    <View className='page tip-inbox'>
      <View className='filters'>
        {FILTERS.map((f) => (
          <Text key={f.code} className={`tag ${status === f.code ? 'tag-required' : ''}`} onClick={() => setStatus(f.code)}>
            {f.name}
          </Text>
        ))}
      </View>
      {error && <Text className='error'>{error}</Text>}
      {data?.tips.map((tip) => (
        <View key={tip.id} className='card inbox-item' onClick={() => Taro.navigateTo({ url: `/admin/tips/detail?id=${tip.id}` })}>
          <View className='section-title'>{tip.excerpt}…</View>
          <Text className='muted'>
            <Text className='inbox-status'>{tip.statusName}</Text> · {tip.anonymous ? '匿名' : '实名'} · {tip.receivedAt.slice(0, 13).replace('T', ' ')}时 · 图片 {tip.attachments}
          </Text>
        </View>
      ))}
      {data && data.tips.length === 0 && <Text className='muted'>暂无线索</Text>}
    </View>
  )
}
