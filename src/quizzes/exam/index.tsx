import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import QuestionCard from '../../components/QuestionCard'
import { PageStatus } from '../../components/PageStatus'
import { handInPrompt, remainingLabel } from '../../services/quiz'
import { AnswerSheet } from './AnswerSheet'
import { useExamAttempt } from './useExamAttempt'
import '../../components/QuestionCard.css'
import './index.css'

/** The exam (问卷星-style): a pinned countdown, an answer sheet, and a confirmation before every hand-in. */
export default function ExamPage() {
  const { params } = useRouter()
  const exam = useExamAttempt(params.examId ?? '')
  const { paper, error } = exam
  /** The answer sheet: closed, open to look, or open to confirm the hand-in. */
  const [sheet, setSheet] = useState<'closed' | 'browse' | 'confirm'>('closed')

  if (!paper || exam.finished) return <PageStatus error={error} loading={exam.finished ? '正在打开成绩…' : '正在抽取试卷…'} />
  const answered = paper.items.length - exam.unanswered
  const lowTime = exam.remainingMs !== null && exam.remainingMs < 60_000
  const jumpTo = (index: number) => {
    setSheet('closed')
    void Taro.pageScrollTo({ selector: `#exam-q-${index}`, duration: 200, offsetTop: -64 })
  }
  return (
    <View className='page exam'>
      <View className='exam-bar'>
        <View className='exam-bar-main'>
          <Text className='exam-bar-title'>{paper.examTitle}</Text>
          <Text className={`exam-timer ${lowTime ? 'exam-timer-low' : ''}`}>剩余 {remainingLabel(paper.deadline, exam.offset, exam.now)}</Text>
        </View>
        <View className='exam-sheet-open tap' onClick={() => setSheet('browse')}>
          答题卡 {answered}/{paper.items.length}
        </View>
      </View>
      <View className='muted exam-rules'>
        时间到将自动交卷 · 离开页面 {paper.leaves}/{paper.maxLeaves} 次，超过将自动交卷
      </View>
      {paper.items.map((item, i) => (
        <View key={item.id} id={`exam-q-${i}`} className='exam-question'>
          <QuestionCard index={i} question={item} selected={item.selected ?? []} onToggle={(id) => exam.choose(item, id)} />
          <View className={`exam-flag tap-row ${exam.flagged.has(item.id) ? 'exam-flag-on' : ''}`} onClick={() => exam.toggleFlag(item.id)}>
            <Text>{exam.flagged.has(item.id) ? '★ 已标记，稍后检查' : '☆ 标记此题'}</Text>
          </View>
        </View>
      ))}
      {error && <Text className='error'>{error}</Text>}
      <Button className='btn-primary tap submit-exam' onClick={() => setSheet('confirm')}>
        交卷
      </Button>
      {sheet !== 'closed' && (
        <AnswerSheet
          states={exam.sheet}
          onJump={jumpTo}
          onClose={() => setSheet('closed')}
          confirm={sheet === 'confirm' ? handInPrompt(paper.items.length, exam.unanswered) : null}
          onAskHandIn={() => setSheet('confirm')}
          onHandIn={() => void exam.handIn()}
        />
      )}
    </View>
  )
}
