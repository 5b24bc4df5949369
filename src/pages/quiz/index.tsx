import type { PointsOut, ReaderExamListOut } from '@contract/quiz'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import '../../components/QuestionCard.css'

const go = (url: string) => Taro.navigateTo({ url })

export default function QuizHub() {
  const exams = useApi(() => api.get<ReaderExamListOut>('/quiz/exams'))
  const points = useApi(() => api.get<PointsOut>('/quiz/points'))
  useDidShow(() => {
    void exams.reload()
    void points.reload()
  })
  return (
    <View className='page quiz-hub'>
      {points.data && (
        <View className='card points-card'>
          <View className='section-title'>
            学习积分：今日 {points.data.todayTotal} · 累计 <Text className='points-total'>{points.data.total}</Text>
          </View>
          {points.data.today.map((k) => (
            <View key={k.kind}>
              <Text className='muted'>
                {k.name} {k.earned}/{k.cap}
              </Text>
              <View className='progress-bar'>
                <View className='progress-bar-fill' style={{ width: `${Math.round((k.earned / k.cap) * 100)}%` }} />
              </View>
            </View>
          ))}
        </View>
      )}
      <View className='card quiz-links'>
        <Button onClick={() => go('/quizzes/daily/index')}>每日一练</Button>
        <Button onClick={() => Taro.switchTab({ url: '/pages/study/index' })}>章节练习</Button>
        <Button onClick={() => go('/quizzes/challenge/index')}>挑战答题</Button>
        <Button className='open-wrong-book' onClick={() => go('/quizzes/wrong-book/index')}>
          错题本
        </Button>
        <Button onClick={() => go('/quizzes/leaderboard/index')}>排行榜</Button>
      </View>
      <View className='section-title'>知识竞赛</View>
      {exams.error && <Text className='error'>{exams.error}</Text>}
      {exams.data?.exams.map((e) => (
        <View key={e.id} className='card exam-item'>
          <View className='section-title'>{e.title}</View>
          <Text className='muted'>
            {e.questionCount} 题 · {e.timeLimitMinutes} 分钟 · 及格 {Math.round(e.passMark * 100)}% · 已参加 {e.attemptsUsed}/{e.maxAttempts}
            {e.bestScore !== null ? ` · 最好成绩 ${e.bestScore}` : ''}
            {e.passed ? ' · 已通过' : ''}
          </Text>
          {(e.openAttemptId || (e.open && e.attemptsUsed < e.maxAttempts)) && (
            <Button className='btn-primary start-exam' onClick={() => go(`/quizzes/exam/index?examId=${e.id}`)}>
              {e.openAttemptId ? '继续作答' : '开始竞赛'}
            </Button>
          )}
        </View>
      ))}
    </View>
  )
}
