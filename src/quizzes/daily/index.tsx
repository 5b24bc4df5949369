import type { DailyAnswerOut, DailyQuizOut } from '@contract/quiz'
import { Button, Text, View } from '@tarojs/components'
import { useEffect } from 'react'
import QuestionCard from '../../components/QuestionCard'
import { useApi } from '../../hooks/useApi'
import { useQuestionRunner } from '../../hooks/useQuestionRunner'
import { api } from '../../services/api'
import { ReminderPrompt } from '../../components/ReminderPrompt'
import { PageStatus } from '../../components/PageStatus'

export default function DailyPage() {
  const { data, error, reload } = useApi(() => api.get<DailyQuizOut>('/quiz/daily'))
  const runner = useQuestionRunner(async (questionId, selected) => {
    const res = await api.post<DailyAnswerOut>('/quiz/daily/answer', { questionId, selected })
    if (res.done) void reload()
    return res
  })
  useEffect(() => {
    if (data) runner.preload(Object.fromEntries(data.items.filter((i) => i.answered).map((i) => [i.id, i.answered!])))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data])
  if (error || !data) return <PageStatus error={error} />
  return (
    <View className='page daily'>
      <Text className='muted'>
        {data.day} · {data.done ? '今日已完成 ✔' : `共 ${data.items.length} 题`}
      </Text>
      {data.items.map((q, i) => (
        <View key={q.id}>
          <QuestionCard index={i} question={q} selected={runner.selectedFor(q.id)} revealed={runner.revealedFor(q.id)} onToggle={(id) => runner.toggle(q, id)} />
          {!runner.revealedFor(q.id) && (
            <Button size='mini' onClick={() => runner.submit(q)}>
              提交
            </Button>
          )}
        </View>
      ))}
      {runner.error && <Text className='error'>{runner.error}</Text>}
      {data.done && <ReminderPrompt text='今日已完成！新闻发布时提醒你？' />}
    </View>
  )
}
