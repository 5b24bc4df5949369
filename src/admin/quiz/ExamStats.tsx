import type { ExamStatisticsOut } from '@contract/quiz'
import { Text, View } from '@tarojs/components'
import '../../components/QuestionCard.css'

export type ExamStatistics = ExamStatisticsOut

const pct = (x: number) => `${Math.round(x * 100)}%`

/** Item analysis of an exam over first attempts: per question facility, discrimination, option choices and flags. */
export default function ExamStats({ title, stats }: { title: string; stats: ExamStatistics }) {
  return (
    <View className='card exam-stats'>
      <View className='section-title'>{title} · 试题分析（每人第 1 次作答）</View>
      <Text>
        {stats.attempts} 人 · 平均分 {stats.mean} · 标准差 {stats.sd} · 克隆巴赫 α {stats.cronbachAlpha ?? '—'}
      </Text>
      {stats.alphaNote && <View className='muted alpha-note'>α：{stats.alphaNote}</View>}
      {stats.refusedFirstAttempts > 0 && <View className='muted'>另有 {stats.refusedFirstAttempts} 人第 1 次作答超时未交卷、不予计分，未计入。</View>}
      <View className='muted'>难度 = 答对率（越高越容易）；区分度 = 高分组（前 27%）答对率 − 低分组（后 27%）答对率。</View>
      {stats.items.map((i) => (
        <View key={i.questionId} className={`item-stat ${i.flags.length ? 'item-flagged' : ''}`}>
          <View>{i.stem}</View>
          <Text className='muted'>
            {i.responses} 人作答 · 难度 {i.facility} · 区分度 {i.discrimination}
          </Text>
          {i.options.map((o) => (
            <View key={o.id} className='option-share'>
              <Text>
                {o.correct ? '✔ ' : '　'}
                {o.text} · {o.count} 人（{pct(o.share)}）
              </Text>
              <View className='progress-bar'>
                <View className='progress-bar-fill' style={{ width: pct(o.share) }} />
              </View>
            </View>
          ))}
          {i.flags.map((f) => (
            <Text key={f} className='error item-flag'>
              ⚠ {f}
            </Text>
          ))}
        </View>
      ))}
    </View>
  )
}
