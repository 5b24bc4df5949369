import { Button, Text, View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import QuestionCard from '../../components/QuestionCard'
import { useApi } from '../../hooks/useApi'
import { useQuestionRunner } from '../../hooks/useQuestionRunner'
import { api } from '../../services/api'
import type { QuizQuestion, Revealed } from '../../services/quiz'

interface Entry extends Revealed {
  questionId: string
  stem: string
  type: QuizQuestion['type']
  options: QuizQuestion['options']
  wrongCount: number
  nextReviewAt: string
  due: boolean
  mastered: boolean
}

async function exportBook() {
  const url = `${api.baseUrl}/quiz/wrong-book/export`
  const header = { authorization: `Bearer ${api.getToken()}` }
  if (process.env.TARO_ENV === 'h5') {
    const blob = await (await fetch(url, { headers: header })).blob()
    const a = document.createElement('a')
    a.href = URL.createObjectURL(blob)
    a.download = '错题本.xlsx'
    a.click()
    return
  }
  const file = await Taro.downloadFile({ url, header })
  await Taro.openDocument({ filePath: file.tempFilePath, fileType: 'xlsx', showMenu: true })
}

export default function WrongBookPage() {
  const { data, error, reload } = useApi(() => api.get<{ items: Entry[]; due: number; mastered: number }>('/quiz/wrong-book'))
  const [reviewing, setReviewing] = useState(false)
  const runner = useQuestionRunner((questionId, selected) => api.post<Revealed>('/quiz/practice/answer', { questionId, selected, mode: 'review' }))
  useDidShow(() => void reload())

  if (error) return <View className='page'><Text className='error'>{error}</Text></View>
  if (!data) return <View className='page'><Text className='muted'>加载中…</Text></View>
  return (
    <View className='page wrong-book'>
      <View className='card'>
        <Text>
          共 {data.items.length} 题 · 待复习 {data.due} · 已掌握 {data.mastered}
        </Text>
        <View>
          <Button size='mini' onClick={() => setReviewing(!reviewing)}>{reviewing ? '查看答案' : '开始复习'}</Button>
          <Button size='mini' onClick={() => exportBook().catch((e: Error) => Taro.showToast({ title: e.message, icon: 'none' }))}>导出 Excel</Button>
        </View>
      </View>
      {data.items.length === 0 && <Text className='muted'>还没有错题，继续保持！</Text>}
      {data.items.map((e) => {
        const q = { id: e.questionId, type: e.type, stem: e.stem, options: e.options }
        return (
          <View key={e.questionId} className='wrong-item'>
            {reviewing && !e.mastered ? (
              <>
                <QuestionCard question={q} selected={runner.selectedFor(q.id)} revealed={runner.revealedFor(q.id)} onToggle={(id) => runner.toggle(q, id)} />
                {!runner.revealedFor(q.id) && <Button size='mini' onClick={() => runner.submit(q)}>提交</Button>}
              </>
            ) : (
              <QuestionCard question={q} selected={[]} revealed={e} />
            )}
            <Text className='muted'>
              答错 {e.wrongCount} 次 · {e.mastered ? '已掌握' : `下次复习 ${e.nextReviewAt.slice(0, 10)}`}
            </Text>
          </View>
        )
      })}
    </View>
  )
}
