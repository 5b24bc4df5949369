import type { MyExamResultsOut } from '@contract/quiz'
import { Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { PageStatus } from '../../components/PageStatus'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { formatBeijing } from '../../services/datetime'
import { resultUrl } from '../exam/useExamAttempt'
import '../../components/QuestionCard.css'
import './index.css'

/** 我的考试: every handed-in attempt, newest first; a tap reopens its result. */
export default function MyExamsPage() {
  const { data, error, reload } = useApi(() => api.get<MyExamResultsOut>('/quiz/results'))
  useDidShow(() => void reload())
  if (error || !data) return <PageStatus error={error} />
  return (
    <View className='page my-exams'>
      {data.results.length === 0 && (
        <View className='card'>
          <Text className='muted'>还没有交过卷。去「答题」参加知识竞赛吧。</Text>
        </View>
      )}
      {data.results.length > 0 && (
        <View className='card'>
          {data.results.map((r) => (
            <View key={r.attemptId} className='link-row my-exam-row' onClick={() => Taro.navigateTo({ url: resultUrl(r.attemptId) })}>
              <View className='my-exam-main'>
                <Text className='my-exam-title'>
                  {r.examTitle} · 第 {r.attemptNo} 次
                </Text>
                <Text className='link-row-hint'>{r.submittedAt ? formatBeijing(r.submittedAt) : ''}</Text>
              </View>
              <Text className={r.status === 'expired' ? 'my-exam-score result-failed-text' : r.passed ? 'my-exam-score result-passed-text' : 'my-exam-score result-failed-text'}>
                {r.status === 'expired' ? '未计分' : `${r.score}/${r.maxScore} ${r.passed ? '通过' : '未通过'}`} ›
              </Text>
            </View>
          ))}
        </View>
      )}
    </View>
  )
}
