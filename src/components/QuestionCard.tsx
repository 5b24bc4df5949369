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

/**
 * One question with its options; after answering, marks right and wrong and shows why. Once
 * judged (`revealed.correct` is known), the reader's own picks stay marked 你选 and the answer
 * line compares them with the right ones, for every question type.
 */
export default function QuestionCard({ index, question, selected, revealed, onToggle }: Props) {
  const judged = revealed?.correct !== undefined
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
          <View key={o.id} className={`question-option option-${state} ${judged && isSelected ? 'option-picked' : ''}`} onClick={() => !revealed && onToggle?.(o.id)}>
            <Text className='option-text'>
              {String.fromCharCode(65 + i)}. {o.text}
            </Text>
            {judged && isSelected && <Text className='option-mark option-mark-picked'>你选</Text>}
            {revealed && revealed.answer.includes(o.id) && <Text className='option-mark option-mark-right'>正确</Text>}
          </View>
        )
      })}
      {revealed && (
        <View className='question-feedback'>
          {judged && <Text className={revealed.correct ? 'feedback-right' : 'feedback-wrong'}>{revealed.correct ? '回答正确' : '回答错误'}</Text>}
          {judged && <View className='answer-compare'>你的答案：{selected.length ? answerLetters(question.options, selected) : '未作答'}</View>}
          <View>正确答案：{answerLetters(question.options, revealed.answer)}</View>
          <View className='question-explanation'>解析：{revealed.explanation}</View>
          <View className='muted'>依据：{revealed.basis}</View>
        </View>
      )}
    </View>
  )
}
