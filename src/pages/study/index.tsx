import type { ChapterListOut } from '@contract/handbook'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { chapterStateLabel } from '../../services/quiz'

export default function StudyPage() {
  const { data, error, reload } = useApi(() => api.get<ChapterListOut>('/handbook/chapters'))
  useDidShow(() => void reload())
  return (
    <View className='page study'>
      <View className='section-title'>《知识问答》</View>
      {error && <Text className='error'>{error}</Text>}
      {data?.chapters.map((c, i) => (
        <View key={c.id} className='card chapter-item' onClick={() => Taro.navigateTo({ url: `/pages/study/chapter?id=${c.id}` })}>
          <View className='section-title'>
            第{i + 1}章 {c.title}
          </View>
          <Text className='muted'>
            {c.questionCount} 题 · 约 {c.readingMinutes} 分钟 · {chapterStateLabel(c)}
          </Text>
        </View>
      ))}
    </View>
  )
}
