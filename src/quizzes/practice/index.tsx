import type { JudgedOut, PracticeChapterOut } from '@contract/quiz'
import { Button, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import QuestionCard from '../../components/QuestionCard'
import { useApi } from '../../hooks/useApi'
import { useQuestionRunner } from '../../hooks/useQuestionRunner'
import { api } from '../../services/api'
import { clientId } from '../../services/ids'
import { PageStatus } from '../../components/PageStatus'
import '../../components/QuestionCard.css'

/** Chapter practice: one question at a time, instant feedback, resumes where the reader stopped. */
export default function PracticePage() {
  const { params } = useRouter()
  const chapterId = params.chapterId ?? ''
  const { data, error } = useApi(() => api.get<PracticeChapterOut>(`/quiz/practice/chapters/${chapterId}`), [chapterId])
  const runner = useQuestionRunner((questionId, selected) =>
    api.post<JudgedOut>('/quiz/practice/answer', { questionId, selected, answerId: clientId('answer') }, { idempotent: true }),
  )
  const [index, setIndex] = useState(0)

  useEffect(() => {
    if (!data) return
    runner.preload(Object.fromEntries(data.items.filter((i) => i.answered).map((i) => [i.id, i.answered!])))
    setIndex(Math.min(data.resumeAt, data.items.length - 1))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data])

  if (error || !data) return <PageStatus error={error} />
  const q = data.items[index]
  const revealed = runner.revealedFor(q.id)
  const isLast = index === data.items.length - 1
  const goTo = (i: number) => {
    runner.clearError()
    setIndex(i)
  }
  return (
    <View className='page practice'>
      <Text className='muted'>
        {data.chapter.title} · 第 {index + 1}/{data.items.length} 题
      </Text>
      <QuestionCard question={q} selected={runner.selectedFor(q.id)} revealed={revealed} onToggle={(id) => runner.toggle(q, id)} />
      {runner.error && <Text className='error'>{runner.error}</Text>}
      {!revealed && (
        <Button className='btn-primary tap submit-answer' onClick={() => runner.submit(q)}>
          提交
        </Button>
      )}
      {(revealed || runner.heldBackFor(q.id)) && !isLast && (
        <Button className='btn-line next-question' onClick={() => goTo(index + 1)}>
          {revealed ? '下一题' : '先练下一题'}
        </Button>
      )}
      {index > 0 && (
        <Button className='btn-line prev-question' onClick={() => goTo(index - 1)}>
          上一题
        </Button>
      )}
    </View>
  )
}
