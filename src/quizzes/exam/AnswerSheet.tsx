import { Button, Text, View } from '@tarojs/components'
import type { SheetState } from '../../services/quiz'

const LEGEND: [SheetState, string][] = [
  ['answered', '已答'],
  ['unanswered', '未答'],
  ['flagged', '标记'],
]

/**
 * The answer sheet (答题卡): one cell per question, answered / unanswered / flagged; a tap
 * jumps to the question. With `confirm` it is the hand-in confirmation, saying how many are
 * still unanswered.
 */
export function AnswerSheet(p: {
  states: SheetState[]
  confirm: string | null
  onJump: (index: number) => void
  onClose: () => void
  onAskHandIn: () => void
  onHandIn: () => void
}) {
  return (
    <View className='sheet-mask' onClick={p.onClose}>
      <View className='answer-sheet' onClick={(e) => e.stopPropagation()}>
        <View className='answer-sheet-head'>
          <Text className='section-title'>{p.confirm ? '确认交卷' : '答题卡'}</Text>
          <View className='sheet-legend'>
            {LEGEND.map(([state, label]) => (
              <View key={state} className='legend-item'>
                <View className={`legend-dot sheet-cell-${state}`} />
                <Text>
                  {label} {p.states.filter((s) => s === state).length}
                </Text>
              </View>
            ))}
          </View>
        </View>
        <View className='sheet-grid'>
          {p.states.map((state, i) => (
            <View key={i} className={`sheet-cell sheet-cell-${state}`} onClick={() => p.onJump(i)}>
              {i + 1}
            </View>
          ))}
        </View>
        {p.confirm && <View className='hand-in-prompt'>{p.confirm}</View>}
        <View className='btn-row'>
          <Button className='btn-line sheet-close' onClick={p.onClose}>
            继续作答
          </Button>
          {p.confirm ? (
            <Button className='btn-primary tap confirm-hand-in' onClick={p.onHandIn}>
              确认交卷
            </Button>
          ) : (
            <Button className='btn-primary tap ask-hand-in' onClick={p.onAskHandIn}>
              交卷
            </Button>
          )}
        </View>
      </View>
    </View>
  )
}
