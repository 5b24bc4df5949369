import type { ChapterCardsOut } from '@contract/handbook'
import { Button, Switch, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useMemo, useState } from 'react'
import QuestionCard from '../../components/QuestionCard'
import { useApi } from '../../hooks/useApi'
import { useReadingTracker } from '../../hooks/useReadingTracker'
import { api } from '../../services/api'
import { PageStatus } from '../../components/PageStatus'

/** Read mode: Q&A cards, answers on tap; 背题 mode shows every answer. Reading is tracked like articles. */
export default function ChapterPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { data, error } = useApi(() => api.get<ChapterCardsOut>(`/handbook/chapters/${id}`), [id])
  const [showAll, setShowAll] = useState(false)
  const [shown, setShown] = useState<Set<string>>(new Set())
  const item = useMemo(() => (data ? { kind: 'chapter' as const, id } : null), [data, id])
  const { onActivity } = useReadingTracker(item, '.chapter-cards')
  const chapter = data?.chapter

  if (error || !chapter) return <PageStatus error={error} />
  return (
    <View className='page chapter' onTouchStart={onActivity}>
      <View className='card'>
        <View className='section-title'>{chapter.title}</View>
        <Text className='muted'>{chapter.summary}</Text>
        <View className='chapter-actions'>
          <Text>背题模式</Text>
          <Switch checked={showAll} onChange={(e) => setShowAll(e.detail.value)} />
          <Button size='mini' className='start-practice' onClick={() => Taro.navigateTo({ url: `/quizzes/practice/index?chapterId=${id}` })}>
            章节练习
          </Button>
        </View>
      </View>
      <View className='chapter-cards'>
        {chapter.cards.map((card, i) => (
          <View key={card.id} onClick={() => setShown((s) => new Set(s).add(card.id))}>
            <QuestionCard index={i} question={card} selected={[]} revealed={showAll || shown.has(card.id) ? card : null} />
          </View>
        ))}
        <View className='muted chapter-end'>— 本章完 —（点按题目查看答案）</View>
      </View>
    </View>
  )
}
