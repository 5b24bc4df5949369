import type { ChapterCardsOut, ChapterListOut } from '@contract/handbook'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useMemo, useState } from 'react'
import QuestionCard from '../../components/QuestionCard'
import { useApi } from '../../hooks/useApi'
import { useCompletionToast } from '../../hooks/useCompletionToast'
import { useReadingTracker } from '../../hooks/useReadingTracker'
import { api } from '../../services/api'
import { chapterStateLabel } from '../../services/quiz'
import { PageStatus } from '../../components/PageStatus'
import '../../components/QuestionCard.css'

type ChapterState = ChapterListOut['chapters'][number]
const readChapter = async (id: string) => (await api.get<ChapterListOut>('/handbook/chapters')).chapters.find((x) => x.id === id) ?? null

/** Read mode: Q&A cards, answers on tap; 背题 mode shows every answer. Reading is tracked like articles. */
export default function ChapterPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { data, error } = useApi(() => api.get<ChapterCardsOut>(`/handbook/chapters/${id}`), [id])
  const [showAll, setShowAll] = useState(false)
  const [shown, setShown] = useState<Set<string>>(new Set())
  const item = useMemo(() => (data ? { kind: 'chapter' as const, id } : null), [data, id])
  const { onActivity } = useReadingTracker(item, '.chapter-cards')
  const state = useCompletionToast<ChapterState>({
    kind: 'chapter',
    id,
    enabled: !!data,
    read: () => readChapter(id),
    isCompleted: (c) => c.state === 'completed',
    doneTitle: '本章已学完',
  })
  const chapter = data?.chapter

  if (error || !chapter) return <PageStatus error={error} />
  return (
    <View className='page chapter' onTouchStart={onActivity}>
      <View className='card'>
        <View className='section-title'>{chapter.title}</View>
        <Text className='muted'>{chapter.summary}</Text>
        {state && <View className={`chapter-progress ${state.state === 'completed' ? 'feedback-right' : 'muted'}`}>{chapterStateLabel(state)}</View>}
        <View className='btn-row chapter-actions'>
          <Button className={`${showAll ? 'btn-primary tap' : 'btn-line'} recite-mode`} onClick={() => setShowAll(!showAll)}>
            {showAll ? '背题模式：开' : '背题模式：关'}
          </Button>
          <Button className='btn-line start-practice' onClick={() => Taro.navigateTo({ url: `/quizzes/practice/index?chapterId=${id}` })}>
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
        <View className='muted chapter-end'>— 本章完 —（点按题目查看答案；读到这里并停留一会儿即学完本章）</View>
      </View>
    </View>
  )
}
