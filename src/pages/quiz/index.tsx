import type { PointsOut, ReaderExamListOut } from '@contract/quiz'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import '../../components/QuestionCard.css'
import './index.css'

const go = (url: string) => Taro.navigateTo({ url })

const LINKS: { label: string; className: string; open: () => unknown }[] = [
  { label: '每日一练', className: 'open-daily', open: () => go('/quizzes/daily/index') },
  { label: '章节练习', className: 'open-practice', open: () => Taro.switchTab({ url: '/pages/study/index' }) },
  { label: '挑战答题', className: 'open-challenge', open: () => go('/quizzes/challenge/index') },
  { label: '错题本', className: 'open-wrong-book', open: () => go('/quizzes/wrong-book/index') },
  { label: '排行榜', className: 'open-leaderboard', open: () => go('/quizzes/leaderboard/index') },
  { label: '我的考试', className: 'open-results', open: () => go('/quizzes/results/index') },
]

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
        <View className='card points-card' onClick={() => go('/quizzes/points/index')}>
          <View className='tap-row'>
            <View>
              <View className='section-title'>
                学习积分 <Text className='points-total'>{points.data.total}</Text>
              </View>
              <Text className='muted'>
                今日 {points.data.todayTotal} 分 · 任务完成 {points.data.tasks.filter((k) => k.complete).length}/{points.data.tasks.length}
              </Text>
            </View>
            <Text className='hub-more'>今日任务 ›</Text>
          </View>
        </View>
      )}
      <View className='quiz-links'>
        {LINKS.map((l) => (
          <View key={l.label} className={`hub-tile tap ${l.className}`} onClick={() => void l.open()}>
            {l.label}
          </View>
        ))}
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
          <View className='btn-row'>
            {(e.openAttemptId || (e.open && e.attemptsUsed < e.maxAttempts)) && (
              <Button className='btn-primary tap start-exam' onClick={() => go(`/quizzes/exam/index?examId=${e.id}`)}>
                {e.openAttemptId ? '继续作答' : e.attemptsUsed ? '再考一次' : '开始竞赛'}
              </Button>
            )}
            {e.lastResultAttemptId && (
              <Button className='btn-line open-result' onClick={() => go(`/quizzes/exam/result?attemptId=${e.lastResultAttemptId}`)}>
                查看成绩
              </Button>
            )}
          </View>
        </View>
      ))}
    </View>
  )
}
