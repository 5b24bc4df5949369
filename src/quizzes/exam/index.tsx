import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidHide, useRouter } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import QuestionCard from '../../components/QuestionCard'
import { api } from '../../services/api'
import { ensureSignedIn } from '../../services/auth'
import { remainingLabel, toggleOption, type QuizQuestion, type Revealed } from '../../services/quiz'

interface PaperItem extends QuizQuestion {
  points: number
  selected: string[] | null
}

interface Paper {
  attemptId: string
  status: string
  examTitle: string
  deadline: string
  serverNow: string
  leaves: number
  maxLeaves: number
  items: PaperItem[]
  result?: Review
}

interface Review {
  attemptId: string
  examTitle: string
  score: number
  maxScore: number
  passMark: number
  passed: boolean
  submittedBy: string | null
  items: (PaperItem & Revealed & { correct: boolean; earned: number })[]
}

function ReviewView({ review }: { review: Review }) {
  return (
    <View className='page exam-review'>
      <View className='card'>
        <View className='section-title'>{review.examTitle}</View>
        <View className='exam-score'>
          得分 {review.score} / {review.maxScore}
        </View>
        <Text className={review.passed ? 'feedback-right exam-passed' : 'feedback-wrong exam-failed'}>{review.passed ? '恭喜，通过！' : `未通过（及格线 ${Math.round(review.passMark * 100)}%）`}</Text>
        {review.submittedBy === 'time-limit' && <View className='muted'>已到时间，系统自动交卷</View>}
        {review.submittedBy === 'leave-limit' && <View className='muted'>离开页面次数超过限制，系统自动交卷</View>}
      </View>
      {review.items.map((item, i) => (
        <View key={item.id} className={`review-item ${item.correct ? 'review-right' : 'review-wrong'}`}>
          <QuestionCard index={i} question={item} selected={item.selected ?? []} revealed={item} />
        </View>
      ))}
      <Button onClick={() => Taro.navigateTo({ url: '/quizzes/wrong-book/index' })}>查看错题本</Button>
    </View>
  )
}

/** The exam: the server drew the paper and keeps the time; answers are saved as they are chosen. */
export default function ExamPage() {
  const { params } = useRouter()
  const [paper, setPaper] = useState<Paper | null>(null)
  const [review, setReview] = useState<Review | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [now, setNow] = useState(Date.now())
  const offset = useRef(0)

  useEffect(() => {
    void ensureSignedIn()
      .then(() => api.post<Paper>(`/quiz/exams/${params.examId}/attempts`))
      .then((p) => {
        if (p.result) return setReview(p.result)
        offset.current = new Date(p.serverNow).getTime() - Date.now()
        setPaper(p)
      })
      .catch((e: Error) => setError(e.message))
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [params.examId])

  useDidHide(() => {
    if (!paper || review) return
    void api.post<{ submitted: boolean }>(`/quiz/attempts/${paper.attemptId}/leave`).then(async (r) => {
      if (r.submitted) setReview(await api.get<Review>(`/quiz/attempts/${paper.attemptId}/review`))
    })
  })

  const choose = async (item: PaperItem, optionId: string) => {
    if (!paper) return
    const selected = toggleOption(item.type, item.selected ?? [], optionId)
    setPaper({ ...paper, items: paper.items.map((i) => (i.id === item.id ? { ...i, selected } : i)) })
    try {
      await api.put(`/quiz/attempts/${paper.attemptId}/answers`, { questionId: item.id, selected })
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const submit = async () => {
    if (!paper) return
    const unanswered = paper.items.filter((i) => !i.selected?.length).length
    if (unanswered && !(await Taro.showModal({ title: '确认交卷', content: `还有 ${unanswered} 题未作答，确定交卷吗？` })).confirm) return
    try {
      setReview(await api.post<Review>(`/quiz/attempts/${paper.attemptId}/submit`))
    } catch (e) {
      setError((e as Error).message)
    }
  }

  if (review) return <ReviewView review={review} />
  if (error && !paper) return <View className='page'><Text className='error'>{error}</Text></View>
  if (!paper) return <View className='page'><Text className='muted'>正在抽取试卷…</Text></View>
  return (
    <View className='page exam'>
      <View className='card exam-header'>
        <Text>{paper.examTitle}</Text>
        <Text className='exam-timer'> 剩余 {remainingLabel(paper.deadline, offset.current, now)}</Text>
        <View className='muted'>离开页面 {paper.leaves}/{paper.maxLeaves} 次，超过将自动交卷</View>
      </View>
      {paper.items.map((item, i) => (
        <View key={item.id} className='exam-question'>
          <QuestionCard index={i} question={item} selected={item.selected ?? []} onToggle={(id) => choose(item, id)} />
        </View>
      ))}
      {error && <Text className='error'>{error}</Text>}
      <Button className='btn-primary submit-exam' onClick={submit}>交卷</Button>
    </View>
  )
}
