import type { ExamResultOut } from '@contract/quiz'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import QuestionCard from '../../components/QuestionCard'
import { PageStatus } from '../../components/PageStatus'
import { ReminderPrompt } from '../../components/ReminderPrompt'
import { SegmentTabs } from '../SegmentTabs'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { durationLabel, pointsToastTitle } from '../../services/quiz'
import '../../components/QuestionCard.css'
import './index.css'

/** Why the attempt closed, when the reader did not hand it in. */
function closingNote(r: ExamResultOut): string | null {
  if (r.status === 'expired') return '超过答题时间未交卷，按竞赛规定本次不予计分'
  if (r.submittedBy === 'time-limit') return '已到时间，系统按时限内保存的答案自动交卷'
  if (r.submittedBy === 'leave-limit') return '离开页面次数超过限制，系统自动交卷'
  return null
}

/**
 * An exam result: score, pass or fail, correct count, time used and rank in the department at
 * the top, then every question with the reader's choice against the right answer. Opened right
 * after 交卷 (`fresh`) and again later from 我的考试 or the exam list.
 */
export default function ExamResultPage() {
  const { params } = useRouter()
  const attemptId = params.attemptId ?? ''
  const { data: r, error } = useApi(() => api.get<ExamResultOut>(`/quiz/attempts/${attemptId}/review`), [attemptId])
  const [onlyWrong, setOnlyWrong] = useState(false)
  useEffect(() => {
    const title = r && params.fresh ? pointsToastTitle(r.pointsAwarded) : null
    if (title) void Taro.showToast({ title, icon: 'none', duration: 2500 })
  }, [r, params.fresh])
  if (error || !r) return <PageStatus error={error} />
  const note = closingNote(r)
  const wrong = r.items.filter((i) => !i.correct).length
  const shown = r.items.map((item, i) => ({ item, i })).filter(({ item }) => !onlyWrong || !item.correct)
  return (
    <View className='page exam-review'>
      <View className='card exam-result'>
        <View className='muted'>{r.examTitle}</View>
        <View className='exam-score'>
          得分 {r.score} / {r.maxScore}
        </View>
        <Text className={`result-badge ${r.passed ? 'result-passed exam-passed' : 'result-failed exam-failed'}`}>
          {r.passed ? '通过' : `未通过（及格线 ${Math.round(r.passMark * 100)}%）`}
        </Text>
        {r.pointsAwarded > 0 && <Text className='result-points'>本次获得 {r.pointsAwarded} 积分</Text>}
        {note && <View className='muted result-note'>{note}</View>}
        <View className='stat-grid'>
          <View className='stat result-correct'>
            <View className='stat-value'>
              {r.correctCount}/{r.questionCount}
            </View>
            <View className='stat-label'>答对题数</View>
          </View>
          <View className='stat result-time'>
            <View className='stat-value'>{durationLabel(r.timeUsedSeconds)}</View>
            <View className='stat-label'>用时</View>
          </View>
          <View className='stat result-rank'>
            <View className='stat-value'>{r.departmentRank ? `${r.departmentRank.rank}/${r.departmentRank.of}` : '—'}</View>
            <View className='stat-label'>{r.departmentRank ? '部门排名' : '绑定学号后显示部门排名'}</View>
          </View>
          <View className='stat'>
            <View className='stat-value'>{Math.round(r.passMark * 100)}%</View>
            <View className='stat-label'>及格线</View>
          </View>
        </View>
        <View className='btn-row'>
          <Button className='btn-line' onClick={() => Taro.navigateTo({ url: '/quizzes/wrong-book/index' })}>
            查看错题本
          </Button>
          <Button className='btn-line' onClick={() => Taro.switchTab({ url: '/pages/quiz/index' })}>
            返回答题
          </Button>
        </View>
      </View>
      <View className='section-title'>答题解析</View>
      <SegmentTabs
        kind='review-filter'
        options={[
          { value: false, label: `全部 ${r.items.length}` },
          { value: true, label: `只看错题 ${wrong}` },
        ]}
        value={onlyWrong}
        onChange={setOnlyWrong}
      />
      {shown.map(({ item, i }) => (
        <View key={item.id} className={`review-item ${item.correct ? 'review-right' : 'review-wrong'}`}>
          <QuestionCard index={i} question={item} selected={item.selected ?? []} revealed={item} />
        </View>
      ))}
      <ReminderPrompt text='答完了！新的竞赛和新闻发布时提醒你？' />
    </View>
  )
}
