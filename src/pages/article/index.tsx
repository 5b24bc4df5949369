import { Text, View } from '@tarojs/components'
import { useRouter, useShareAppMessage, useShareTimeline } from '@tarojs/taro'
import { useMemo } from 'react'
import { useApi } from '../../hooks/useApi'
import { useReadingTracker } from '../../hooks/useReadingTracker'
import { useArticleCompletionToast } from '../../hooks/useCompletionToast'
import { api } from '../../services/api'
import { articleEntry, sharePath, timelineQuery } from '../../services/arrival'
import { formatDate } from '../../services/reading'
import type { ArticleEnvelope } from '@contract/articles'
import { ArticleBody } from '../../components/ArticleBody'
import { PrivacyPrompt } from '../../components/PrivacyPrompt'
import { ReminderPrompt } from '../../components/ReminderPrompt'
import './index.css'
import { PageStatus } from '../../components/PageStatus'

/** Opened from the feed, from official-account pushes and from shares: pages/article/index?id=… */
export default function ArticlePage() {
  const { params } = useRouter()
  // id and channel from our links (…?id=&ch=), or a 小程序码's scene; WeChat's scene of this visit.
  const entry = useMemo(() => articleEntry(params, process.env.TARO_ENV ?? 'weapp'), [params])
  const id = entry.id
  const { data, error, reload } = useApi(() => api.get<ArticleEnvelope>(`/articles/${id}`, { query: entry.query }), [id])
  const article = data?.article
  const item = useMemo(() => (article ? { kind: 'article' as const, id: article.id } : null), [article])
  const { onActivity } = useReadingTracker(item, '.article-content', '.article-end')
  useArticleCompletionToast(article)

  // Shared links carry their channel (转发 / 朋友圈).
  useShareAppMessage(() => ({ title: article?.title ?? '专题新闻', path: sharePath(id) }))
  useShareTimeline(() => ({ title: article?.title ?? '专题新闻', query: timelineQuery(id) }))

  if (error || !article) return <PageStatus error={error} onRetry={reload} />
  return (
    <View className='page article' onTouchStart={onActivity}>
      <PrivacyPrompt />
      <View className='article-content'>
        <View className='article-title'>
          {article.required && <Text className='tag tag-required'>必读</Text>}
          <Text>{article.title}</Text>
        </View>
        <Text className='muted'>
          {formatDate(article.publishedAt)} · 约 {article.readingMinutes} 分钟
        </Text>
        <ArticleBody nodes={article.bodyNodes} apiOrigin={API_BASE} />
        <View className='article-end muted'>— 全文完 —</View>
      </View>
      <ReminderPrompt text='读完了！下一篇新闻发布时提醒你？' />
    </View>
  )
}
