import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import QuestionCard from '../../components/QuestionCard'
import { remainingLabel } from '../../services/quiz'
import { useExamAttempt, type Review } from './useExamAttempt'
import { ReminderPrompt } from '../../components/ReminderPrompt'

function ReviewView({ review }: { review: Review }) {
  return (
    <View className='page exam-review'>
      <View className='card'>
        <View className='section-title'>{review.examTitle}</View>
        <View className='exam-score'>
          得分 {review.score} / {review.maxScore}
        </View>
        <Text className={review.passed ? 'feedback-right exam-passed' : 'feedback-wrong exam-failed'}>
          {review.passed ? '恭喜，通过！' : `未通过（及格线 ${Math.round(review.passMark * 100)}%）`}
        </Text>
        {review.status === 'expired' && <View className='muted'>超过答题时间未交卷，按竞赛规定本次不予计分</View>}
        {review.status !== 'expired' && review.submittedBy === 'time-limit' && <View className='muted'>已到时间，系统按时限内保存的答案自动交卷</View>}
        {review.submittedBy === 'leave-limit' && <View className='muted'>离开页面次数超过限制，系统自动交卷</View>}
      </View>
      {review.items.map((item, i) => (
        <View key={item.id} className={`review-item ${item.correct ? 'review-right' : 'review-wrong'}`}>
          <QuestionCard index={i} question={item} selected={item.selected ?? []} revealed={item} />
        </View>
      ))}
      <Button onClick={() => Taro.navigateTo({ url: '/quizzes/wrong-book/index' })}>查看错题本</Button>
      <ReminderPrompt text='答完了！新的竞赛和新闻发布时提醒你？' />
    </View>
  )
}

/** The exam: the server drew the paper and keeps the time; answers are saved as they are chosen. */
export default function ExamPage() {
  const { params } = useRouter()
  const exam = useExamAttempt(params.examId ?? '')
  const { paper, review, error } = exam

  if (review) return <ReviewView review={review} />
  if (error && !paper)
    return (
      <View className='page'>
        <Text className='error'>{error}</Text>
      </View>
    )
  if (!paper)
    return (
      <View className='page'>
        <Text className='muted'>正在抽取试卷…</Text>
      </View>
    )
  return (
    <View className='page exam'>
      <View className='card exam-header'>
        <Text>{paper.examTitle}</Text>
        <Text className='exam-timer'> 剩余 {remainingLabel(paper.deadline, exam.offset, exam.now)}</Text>
        <View className='muted'>
          时间到将自动交卷 · 离开页面 {paper.leaves}/{paper.maxLeaves} 次，超过将自动交卷
        </View>
      </View>
      {paper.items.map((item, i) => (
        <View key={item.id} className='exam-question'>
          <QuestionCard index={i} question={item} selected={item.selected ?? []} onToggle={(id) => exam.choose(item, id)} />
        </View>
      ))}
      {error && <Text className='error'>{error}</Text>}
      <Button className='btn-primary submit-exam' onClick={exam.submit}>
        交卷
      </Button>
    </View>
  )
}
