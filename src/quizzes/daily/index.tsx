import type { DailyAnswerOut, DailyQuizOut } from '@contract/quiz'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import QuestionCard from '../../components/QuestionCard'
import { useApi } from '../../hooks/useApi'
import { useQuestionRunner } from '../../hooks/useQuestionRunner'
import { api } from '../../services/api'
import { pointsToastTitle } from '../../services/quiz'
import { ReminderPrompt } from '../../components/ReminderPrompt'
import { PageStatus } from '../../components/PageStatus'
import '../../components/QuestionCard.css'

/** Today's questions; answering the last one pays the daily points ("+N 积分") and shows how it went. */
export default function DailyPage() {
  const { data, error, reload } = useApi(() => api.get<DailyQuizOut>('/quiz/daily'))
  const [earned, setEarned] = useState<number | null>(null)
  const runner = useQuestionRunner(async (questionId, selected) => {
    const res = await api.post<DailyAnswerOut>('/quiz/daily/answer', { questionId, selected })
    if (res.done) {
      setEarned(res.pointsAwarded)
      const title = pointsToastTitle(res.pointsAwarded)
      if (title) void Taro.showToast({ title, icon: 'none', duration: 2500 })
      void reload().then(() => Taro.pageScrollTo({ scrollTop: 0, duration: 200 }))
    }
    return res
  })
  useEffect(() => {
    if (data) runner.preload(Object.fromEntries(data.items.filter((i) => i.answered).map((i) => [i.id, i.answered!])))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data])
  if (error || !data) return <PageStatus error={error} />
  const right = data.items.filter((q) => runner.revealedFor(q.id)?.correct).length
  const answered = data.items.filter((q) => runner.revealedFor(q.id)).length
  return (
    <View className='page daily'>
      {data.done ? (
        <View className='card daily-summary'>
          <View className='section-title'>今日每日一练已完成</View>
          <Text className='daily-score'>
            答对 {right}/{data.items.length} 题{earned ? ` · +${earned} 积分` : ''}
          </Text>
          <View className='muted'>明天会有新的题目。答错的题已放进错题本，按计划复习。</View>
          <View className='btn-row'>
            <Button className='btn-line' onClick={() => Taro.navigateTo({ url: '/quizzes/points/index' })}>
              学习积分
            </Button>
            <Button className='btn-line' onClick={() => Taro.navigateTo({ url: '/quizzes/challenge/index' })}>
              去挑战答题
            </Button>
          </View>
        </View>
      ) : (
        <Text className='muted'>
          {data.day} · 已答 {answered}/{data.items.length} 题，全部答完得积分
        </Text>
      )}
      {data.items.map((q, i) => (
        <View key={q.id}>
          <QuestionCard index={i} question={q} selected={runner.selectedFor(q.id)} revealed={runner.revealedFor(q.id)} onToggle={(id) => runner.toggle(q, id)} />
          {!runner.revealedFor(q.id) && (
            <Button className='btn-primary tap daily-submit' onClick={() => runner.submit(q)}>
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
