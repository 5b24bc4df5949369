import { Text, View } from '@tarojs/components'
import { answerLetters, TYPE_NAMES, type QuizQuestion, type Revealed } from '../services/quiz'
import './QuestionCard.css'

interface Props {
  index?: number
  question: QuizQuestion
  selected: string[]
  revealed?: Revealed | null
  onToggle?: (optionId: string) => void
}

/** One question with its options; after answering, marks right and wrong and shows why. */
export default function QuestionCard({ index, question, selected, revealed, onToggle }: Props) {
  return (
    <View className='card question-card'>
      <View className='question-stem'>
        <Text className='tag tag-required'>{TYPE_NAMES[question.type]}</Text>
        {index !== undefined && <Text>{index + 1}. </Text>}
        <Text>{question.stem}</Text>
      </View>
      {question.options.map((o, i) => {
        const isSelected = selected.includes(o.id)
        const state = revealed ? (revealed.answer.includes(o.id) ? 'right' : isSelected ? 'wrong' : '') : isSelected ? 'selected' : ''
        return (
          <View key={o.id} className={`question-option option-${state}`} onClick={() => !revealed && onToggle?.(o.id)}>
            <Text>
              {String.fromCharCode(65 + i)}. {o.text}
            </Text>
          </View>
        )
      })}
      {revealed && (
        <View className='question-feedback'>
          {revealed.correct !== undefined && <Text className={revealed.correct ? 'feedback-right' : 'feedback-wrong'}>{revealed.correct ? '回答正确' : '回答错误'}</Text>}
          <View>正确答案：{answerLetters(question.options, revealed.answer)}</View>
          <View className='question-explanation'>解析：{revealed.explanation}</View>
          <View className='muted'>依据：{revealed.basis}</View>
        </View>
      )}
    </View>
  )
}
