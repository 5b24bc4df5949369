import type { AdminArticleListOut } from '@contract/articles'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { formatDate } from '../../services/reading'

const STATUS_NAMES: Record<string, string> = { draft: '草稿', scheduled: '定时', published: '已发布', archived: '已归档' }

export default function AdminArticles() {
  const { data, error, reload } = useApi(() => api.get<AdminArticleListOut>('/admin/articles'))
  useDidShow(() => void reload())

  const act = async (id: string, action: 'publish' | 'unpublish' | 'archive') => {
    try {
      await api.post(`/admin/articles/${id}/${action}`)
      await reload()
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    }
  }

  return (
    <View className='page admin-articles'>
      <Button className='btn-primary new-article' onClick={() => Taro.navigateTo({ url: '/admin/articles/edit' })}>
        新建文章
      </Button>
      {error && <Text className='error'>{error}</Text>}
      {data?.articles.map((a) => (
        <View key={a.id} className='card admin-article'>
          <View className='section-title' onClick={() => Taro.navigateTo({ url: `/admin/articles/edit?id=${a.id}` })}>
            {a.title}
          </View>
          <Text className='muted'>
            {STATUS_NAMES[a.status]}
            {a.status === 'scheduled' && a.publishAt ? ` · ${a.publishAt.slice(0, 16).replace('T', ' ')}` : ''}
            {a.publishedAt ? ` · 发布于 ${formatDate(a.publishedAt)}` : ''}
            {a.required ? ' · 必读' : ''}
          </Text>
          <View className='admin-actions'>
            {(a.status === 'draft' || a.status === 'scheduled') && (
              <Button size='mini' className='publish-now' onClick={() => act(a.id, 'publish')}>
                立即发布
              </Button>
            )}
            {(a.status === 'published' || a.status === 'scheduled') && (
              <Button size='mini' onClick={() => act(a.id, 'unpublish')}>
                撤回
              </Button>
            )}
            {a.status !== 'archived' && (
              <Button size='mini' onClick={() => act(a.id, 'archive')}>
                归档
              </Button>
            )}
          </View>
        </View>
      ))}
    </View>
  )
}
