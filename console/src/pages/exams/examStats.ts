import type { ExamStatisticsOut } from '@contract/quiz'

type Item = ExamStatisticsOut['items'][number]

/** An exam item's figures in plain words (the bank's thresholds: 90% / 30% right, discrimination 0.2), with the server's flags. */
export function examItemHints(item: Pick<Item, 'responses' | 'facility' | 'discrimination' | 'flags'>): string[] {
  if (item.responses === 0) return ['还没有人作答']
  const pct = (x: number) => `${Math.round(x * 100)}%`
  const hints: string[] = []
  if (item.facility >= 0.9) hints.push(`太容易：${pct(item.facility)} 答对`)
  else if (item.facility <= 0.3) hints.push(`太难：只有 ${pct(item.facility)} 答对`)
  if (item.discrimination >= 0 && item.discrimination < 0.2 && item.responses >= 10) hints.push('区分度低')
  return [...hints, ...item.flags]
}
