import type { ChallengeAnswerOut, ChallengeTurnOut } from '@contract/quiz'
import { Button, Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import QuestionCard from '../../components/QuestionCard'
import { api } from '../../services/api'
import { remainingLabel, toggleOption } from '../../services/quiz'
import { ReminderPrompt } from '../../components/ReminderPrompt'

/** The page's state: the question being answered (or the end) and the verdict on the last answer. */
type Turn = Pick<ChallengeTurnOut, 'attemptId' | 'streak'> &
  Partial<Pick<ChallengeTurnOut, 'question' | 'deadline'>> & { ended?: boolean; best?: number; last?: ChallengeAnswerOut }

/** Answer until the first mistake; the server times each question. */
export default function ChallengePage() {
  const [turn, setTurn] = useState<Turn | null>(null)
  const [selected, setSelected] = useState<string[]>([])
  const [now, setNow] = useState(Date.now())
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 500)
    return () => clearInterval(timer)
  }, [])

  const start = async () => {
    setError(null)
    try {
      setTurn(await api.post<ChallengeTurnOut>('/quiz/challenge'))
      setSelected([])
    } catch (e) {
      setError((e as Error).message)
    }
  }
  const answer = async () => {
    if (!turn?.question) return
    try {
      const res = await api.post<ChallengeAnswerOut>(`/quiz/challenge/${turn.attemptId}/answer`, { questionId: turn.question.id, selected })
      setTurn({ ...res, attemptId: turn.attemptId, question: res.ended || !('question' in res) ? turn.question : res.question, last: res })
      setSelected([])
    } catch (e) {
      setError((e as Error).message)
    }
  }

  return (
    <View className='page challenge'>
      {!turn && (
        <Button className='btn-primary' onClick={start}>
          开始挑战
        </Button>
      )}
      {turn && !turn.ended && turn.question && (
        <>
          <Text>
            连续答对 {turn.streak} 题 · 剩余 {remainingLabel(turn.deadline!, 0, now)}
          </Text>
          <QuestionCard question={turn.question} selected={selected} onToggle={(id) => setSelected(toggleOption(turn.question!.type, selected, id))} />
          <Button className='btn-primary' onClick={answer}>
            确定
          </Button>
        </>
      )}
      {turn?.ended && (
        <View className='card'>
          <View className='section-title'>挑战结束：连续答对 {turn.streak} 题</View>
          <Text>最好成绩 {turn.best}</Text>
          {turn.last && turn.question && <QuestionCard question={turn.question} selected={[]} revealed={turn.last} />}
          <Button onClick={start}>再来一次</Button>
        </View>
      )}
      {turn?.ended && <ReminderPrompt text='新的题目和新闻发布时提醒你？' />}
      {error && <Text className='error'>{error}</Text>}
    </View>
  )
}
