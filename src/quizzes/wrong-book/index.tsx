import { shanghaiDay } from '@contract/calendar'
import type { JudgedOut, WrongBookEntryOut, WrongBookOut, WrongBookPracticeOut } from '@contract/quiz'
import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import QuestionCard from '../../components/QuestionCard'
import { useApi } from '../../hooks/useApi'
import { useQuestionRunner } from '../../hooks/useQuestionRunner'
import { api } from '../../services/api'
import { clientId } from '../../services/ids'
import { downloadFile } from '../../services/download'
import { PageStatus } from '../../components/PageStatus'
import '../../components/QuestionCard.css'

/** A book entry. The answer comes with it only once the question is mastered; until then the reader answers first. */
type Entry = WrongBookEntryOut

const RULE =
  '复习规则：答错后第二天复习；到期复习时答对，依次隔 2 天、4 天再复习，连续 3 次到期答对即“已掌握”；已掌握的题还会在 7 天、15 天后各巩固一次。提前作答只算练习，不推进进度；任何一次答错都从头开始。'

const day = (iso: string) => shanghaiDay(new Date(iso))

function scheduleLine(e: Entry): string {
  const when = e.nextReviewAt ? day(e.nextReviewAt) : null
  if (!when) return '已掌握 · 复习完成'
  if (e.mastered) return `已掌握 · 巩固复习 ${when}${e.due ? '（已到期）' : ''}`
  return `连续答对 ${e.correctStreak}/3 · ${e.due ? '今天该复习了' : `下次复习 ${when}`}`
}

export default function WrongBookPage() {
  const { data, error, reload } = useApi(() => api.get<WrongBookOut>('/quiz/wrong-book'))
  const [review, setReview] = useState<WrongBookPracticeOut['items'] | null>(null)
  const runner = useQuestionRunner((questionId, selected) =>
    api.post<JudgedOut>('/quiz/practice/answer', { questionId, selected, mode: 'review', answerId: clientId('answer') }, { idempotent: true }),
  )
  useDidShow(() => void reload())

  const startReview = async () => {
    try {
      setReview((await api.get<WrongBookPracticeOut>('/quiz/wrong-book/practice')).items)
    } catch (e) {
      void Taro.showToast({ title: (e as Error).message, icon: 'none' })
    }
  }
  const endReview = () => {
    setReview(null)
    void reload()
  }

  if (error || !data) return <PageStatus error={error} />
  return (
    <View className='page wrong-book'>
      <View className='card'>
        <Text>
          共 {data.items.length} 题 · 待复习 {data.due} · 已掌握 {data.mastered}
        </Text>
        <View className='muted'>{RULE}</View>
        <View className='btn-row'>
          {review ? (
            <Button className='btn-line' onClick={endReview}>
              结束复习
            </Button>
          ) : (
            <Button className='btn-primary tap start-review' onClick={startReview}>
              开始复习
            </Button>
          )}
          <Button
            className='btn-line'
            onClick={() => downloadFile('/quiz/wrong-book/export', '错题本.xlsx').catch((e: Error) => Taro.showToast({ title: e.message, icon: 'none' }))}
          >
            导出 Excel
          </Button>
        </View>
      </View>
      {review
        ? review.map((q) => (
            <View key={q.id} className='review-question'>
              {q.due && <Text className='tag tag-required'>到期</Text>}
              <QuestionCard question={q} selected={runner.selectedFor(q.id)} revealed={runner.revealedFor(q.id)} onToggle={(id) => runner.toggle(q, id)} />
              {!runner.revealedFor(q.id) && (
                <Button className='btn-primary tap' onClick={() => runner.submit(q)}>
                  提交
                </Button>
              )}
            </View>
          ))
        : data.items.map((e) => (
            <View key={e.questionId} className='wrong-item'>
              <QuestionCard question={e} selected={[]} revealed={e.answer ? { answer: e.answer, explanation: e.explanation ?? '', basis: e.basis ?? '' } : null} />
              <Text className='muted'>
                答错 {e.wrongCount} 次 · {scheduleLine(e)}
                {!e.answer && ' · 复习作答后显示答案和解析'}
              </Text>
            </View>
          ))}
      {review?.length === 0 && <Text className='muted'>现在没有要复习的题。</Text>}
      {runner.error && <Text className='error'>{runner.error}</Text>}
      {!review && data.items.length === 0 && <Text className='muted'>还没有错题，继续保持！</Text>}
    </View>
  )
}
