import type { ChallengeAnswerOut, ChallengeRulesOut, ChallengeTurnOut, QuestionOut } from '@contract/quiz'
import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import QuestionCard from '../../components/QuestionCard'
import { PageStatus } from '../../components/PageStatus'
import { ReminderPrompt } from '../../components/ReminderPrompt'
import { useApi } from '../../hooks/useApi'
import { api } from '../../services/api'
import { pointsToastTitle, remainingLabel, toggleOption } from '../../services/quiz'
import '../../components/QuestionCard.css'
import './index.css'

/** One answered question of the run: what the reader chose and the verdict with the right answer. */
interface Answered {
  question: QuestionOut
  selected: string[]
  verdict: ChallengeAnswerOut
}

/** The run in progress, or its end. */
interface Run {
  attemptId: string
  streak: number
  question: QuestionOut | null
  deadline: string | null
  answered: Answered[]
  end: { best: number; pointsAwarded: number; newBest: boolean } | null
}

/** Rules first (time per question, lives, scoring, personal best); then answer until the first mistake; the end shows the mistake. */
export default function ChallengePage() {
  const rules = useApi(() => api.get<ChallengeRulesOut>('/quiz/challenge'))
  const [run, setRun] = useState<Run | null>(null)
  const [selected, setSelected] = useState<string[]>([])
  const [now, setNow] = useState(Date.now())
  const [error, setError] = useState<string | null>(null)
  const sending = useRef(false)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500)
    return () => clearInterval(timer)
  }, [])

  const start = async () => {
    setError(null)
    try {
      const t = await api.post<ChallengeTurnOut>('/quiz/challenge')
      setRun({ attemptId: t.attemptId, streak: t.streak, question: t.question, deadline: t.deadline, answered: [], end: null })
      setSelected([])
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const timeUp = !!run?.deadline && new Date(run.deadline).getTime() <= now
  const answer = async () => {
    if (!run?.question || sending.current) return
    if (!selected.length && !timeUp) return setError('请先选择答案')
    setError(null)
    sending.current = true
    try {
      // Out of time with nothing chosen: the server ends the run as timed out whatever is sent; the end screen shows 未作答.
      const sent = selected.length ? selected : [run.question.options[0].id]
      const res = await api.post<ChallengeAnswerOut>(`/quiz/challenge/${run.attemptId}/answer`, { questionId: run.question.id, selected: sent })
      const answered = [...run.answered, { question: run.question, selected, verdict: res }]
      if (!res.ended && 'question' in res) {
        setRun({ ...run, streak: res.streak, question: res.question, deadline: res.deadline, answered })
      } else {
        const best = 'best' in res ? res.best : run.streak
        const pointsAwarded = 'pointsAwarded' in res ? res.pointsAwarded : 0
        const title = pointsToastTitle(pointsAwarded)
        if (title) void Taro.showToast({ title, icon: 'none', duration: 2500 })
        setRun({
          ...run,
          streak: res.streak,
          question: null,
          deadline: null,
          answered,
          end: { best, pointsAwarded, newBest: res.streak > 0 && res.streak >= best && res.streak > (rules.data?.best ?? 0) },
        })
        void rules.reload()
        void Taro.pageScrollTo({ scrollTop: 0, duration: 200 })
      }
      setSelected([])
    } catch (e) {
      setError((e as Error).message)
    } finally {
      sending.current = false
    }
  }
  // The time ran out: end the run without waiting for a tap.
  useEffect(() => {
    if (timeUp && run?.question && !run.end) void answer()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [timeUp, run?.question?.id])

  if (!rules.data) return <PageStatus error={rules.error} />
  const r = rules.data

  if (!run)
    return (
      <View className='page challenge'>
        <View className='card challenge-rules'>
          <View className='section-title'>挑战规则</View>
          <View className='rule-line'>· 每题限时 {r.secondsPerQuestion} 秒，从题库随机出题</View>
          <View className='rule-line'>· {r.lives} 条命：答错或超时即结束</View>
          <View className='rule-line'>
            · 每连续答对 1 题得 {r.pointsPerRightAnswer} 积分，每日上限 {r.pointsDailyCap} 分
          </View>
          <View className='rule-line'>· 结束后可以看到答错的题、你的选择和正确答案</View>
          <View className='challenge-best'>
            个人最好成绩：<Text className='challenge-best-value'>{r.best}</Text> 题
          </View>
        </View>
        <Button className='btn-primary tap start-challenge' onClick={start}>
          开始挑战
        </Button>
        {error && <Text className='error'>{error}</Text>}
      </View>
    )

  if (run.end) {
    const wrong = run.answered.filter((a) => !a.verdict.correct)
    return (
      <View className='page challenge'>
        <View className='card challenge-end'>
          <View className='section-title'>挑战结束</View>
          <View className='challenge-streak'>
            连续答对 <Text className='challenge-streak-value'>{run.streak}</Text> 题
          </View>
          <View className='muted'>
            个人最好 {run.end.best} 题{run.end.newBest ? ' · 新纪录！' : ''}
            {run.end.pointsAwarded ? ` · +${run.end.pointsAwarded} 积分` : ''}
          </View>
          <View className='btn-row'>
            <Button className='btn-primary tap' onClick={start}>
              再来一次
            </Button>
            <Button className='btn-line' onClick={() => Taro.navigateTo({ url: '/quizzes/points/index' })}>
              学习积分
            </Button>
          </View>
        </View>
        {wrong.map((a) => (
          <View key={a.question.id} className='challenge-mistake'>
            <View className='section-title'>{'timedOut' in a.verdict && a.verdict.timedOut ? '超时未答对的题' : '答错的题'}</View>
            <QuestionCard question={a.question} selected={a.selected} revealed={a.verdict} />
          </View>
        ))}
        <ReminderPrompt text='新的题目和新闻发布时提醒你？' />
      </View>
    )
  }

  return (
    <View className='page challenge'>
      <View className='challenge-bar'>
        <Text>连续答对 {run.streak} 题</Text>
        <Text className='challenge-timer'>剩余 {remainingLabel(run.deadline!, 0, now)}</Text>
      </View>
      {run.question && <QuestionCard question={run.question} selected={selected} onToggle={(id) => setSelected(toggleOption(run.question!.type, selected, id))} />}
      <Button className='btn-primary tap challenge-answer' onClick={answer}>
        确定
      </Button>
      {error && <Text className='error'>{error}</Text>}
    </View>
  )
}
