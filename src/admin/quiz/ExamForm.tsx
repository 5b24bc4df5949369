import { Button, Input, Picker, Switch, Text, View } from '@tarojs/components'
import { blueprintTotals, LATE_CHOICES, TYPE_CHOICES } from './examForm'
import type { useExamEditor } from './useExamEditor'

interface Props {
  editor: ReturnType<typeof useExamEditor>
  chapters: { id: string; title: string; questionCount: number }[]
}

const value = (e: { detail: { value: string } }) => e.detail.value

/** Create or edit an exam: blueprint rules, window, time, attempts, pass mark and rules of play. */
export default function ExamForm({ editor, chapters }: Props) {
  const { draft, set, setRule } = editor
  const chapterChoices = [{ id: null as string | null, title: '全部章节' }, ...chapters]
  const totals = blueprintTotals(draft.rules)
  return (
    <View className='card exam-form'>
      <View className='section-title'>{editor.editingId ? '修改竞赛' : '新建竞赛'}</View>
      <Input maxlength={60} className='field exam-title' placeholder='名称' value={draft.title} onInput={(e) => set({ title: value(e) })} />
      <Input className='field' maxlength={500} placeholder='说明（可选）' value={draft.description} onInput={(e) => set({ description: value(e) })} />

      <View className='section-title'>组卷规则</View>
      {draft.rules.map((r, i) => (
        <View key={i} className='blueprint-rule'>
          <View className='rule-line'>
            <Text>{i + 1}.</Text>
            <Picker
              className='rule-chapter-picker'
              mode='selector'
              range={chapterChoices.map((c) => c.title)}
              value={Math.max(
                0,
                chapterChoices.findIndex((c) => c.id === r.chapterId),
              )}
              onChange={(e) => setRule(i, { chapterId: chapterChoices[Number(e.detail.value)].id })}
            >
              <View className='field rule-chapter'>{chapterChoices.find((c) => c.id === r.chapterId)?.title ?? '全部章节'}</View>
            </Picker>
            <Picker
              mode='selector'
              range={TYPE_CHOICES.map((c) => c.label)}
              value={Math.max(
                0,
                TYPE_CHOICES.findIndex((c) => c.value === r.type),
              )}
              onChange={(e) => setRule(i, { type: TYPE_CHOICES[Number(e.detail.value)].value })}
            >
              <View className='field rule-type'>{TYPE_CHOICES.find((c) => c.value === r.type)?.label}</View>
            </Picker>
          </View>
          <View className='rule-line'>
            <Input maxlength={3} className='field rule-count' type='number' placeholder='题数' value={r.count} onInput={(e) => setRule(i, { count: value(e) })} />
            <Text>题 ×</Text>
            <Input maxlength={5} className='field rule-points' type='digit' placeholder='分' value={r.points} onInput={(e) => setRule(i, { points: value(e) })} />
            <Text>分</Text>
            <Button size='mini' className='rule-remove' onClick={() => editor.removeRule(i)}>
              删除
            </Button>
          </View>
        </View>
      ))}
      <Button size='mini' className='add-rule' onClick={editor.addRule}>
        添加规则
      </Button>
      <View className='muted'>
        共 {totals.questions} 题，满分 {totals.points} 分。同一道题不会被两条规则同时抽中；保存时服务器会检查题库是否够抽。
      </View>

      <View className='section-title'>时间与次数（北京时间）</View>
      <View className='exam-window'>
        <Text>开始</Text>
        <Picker mode='date' value={draft.opensDate} onChange={(e) => set({ opensDate: String(e.detail.value) })}>
          <View className='field opens-date'>{draft.opensDate}</View>
        </Picker>
        <Picker mode='time' value={draft.opensTime} onChange={(e) => set({ opensTime: String(e.detail.value) })}>
          <View className='field opens-time'>{draft.opensTime}</View>
        </Picker>
      </View>
      <View className='exam-window'>
        <Text>设置结束时间</Text>
        <Switch checked={draft.closes} onChange={(e) => set({ closes: e.detail.value })} />
        {draft.closes && (
          <>
            <Picker mode='date' value={draft.closesDate} onChange={(e) => set({ closesDate: String(e.detail.value) })}>
              <View className='field closes-date'>{draft.closesDate}</View>
            </Picker>
            <Picker mode='time' value={draft.closesTime} onChange={(e) => set({ closesTime: String(e.detail.value) })}>
              <View className='field closes-time'>{draft.closesTime}</View>
            </Picker>
          </>
        )}
      </View>
      <View className='muted'>结束时间到后不能再开始作答，正在作答的人最迟在结束时间交卷。</View>
      <Text>答题时间（分钟）</Text>
      <Input maxlength={3} className='field exam-minutes' type='number' value={draft.minutes} onInput={(e) => set({ minutes: value(e) })} />
      <Text>可参加次数</Text>
      <Input maxlength={2} className='field exam-attempts' type='number' value={draft.maxAttempts} onInput={(e) => set({ maxAttempts: value(e) })} />
      <Text>及格线（%）</Text>
      <Input maxlength={5} className='field exam-pass' type='digit' value={draft.passPercent} onInput={(e) => set({ passPercent: value(e) })} />
      <Text>允许离开页面次数（超过即自动交卷）</Text>
      <Input maxlength={2} className='field exam-leaves' type='number' value={draft.maxLeaves} onInput={(e) => set({ maxLeaves: value(e) })} />

      <View className='section-title'>规则</View>
      <View>
        <Text>题目乱序</Text>
        <Switch checked={draft.shuffleQuestions} onChange={(e) => set({ shuffleQuestions: e.detail.value })} />
      </View>
      <View>
        <Text>选项乱序</Text>
        <Switch checked={draft.shuffleOptions} onChange={(e) => set({ shuffleOptions: e.detail.value })} />
      </View>
      <View>
        <Text>多选题部分得分（对一个得一份，错一个扣一份）</Text>
        <Switch checked={draft.partialCredit} onChange={(e) => set({ partialCredit: e.detail.value })} />
      </View>
      <Text>超过答题时间</Text>
      <Picker
        mode='selector'
        range={LATE_CHOICES.map((c) => c.label)}
        value={Math.max(
          0,
          LATE_CHOICES.findIndex((c) => c.value === draft.lateSubmission),
        )}
        onChange={(e) => set({ lateSubmission: LATE_CHOICES[Number(e.detail.value)].value })}
      >
        <View className='field late-submission'>{LATE_CHOICES.find((c) => c.value === draft.lateSubmission)?.label}</View>
      </Picker>
      <View>
        <Text>{editor.editingId ? '发布' : '创建后立即发布'}</Text>
        <Switch checked={draft.published} onChange={(e) => set({ published: e.detail.value })} />
      </View>

      {editor.error && <Text className='error exam-form-error'>{editor.error}</Text>}
      <Button className='btn-primary save-exam' onClick={() => void editor.save()}>
        {editor.editingId ? '保存修改' : '创建'}
      </Button>
      {editor.editingId && (
        <Button size='mini' onClick={editor.reset}>
          取消修改
        </Button>
      )}
    </View>
  )
}
