/**
 * Classical item analysis over first attempts (Moodle-style):
 * - facility: share of the item's points earned (for 0/1 items: share answering correctly);
 * - discrimination: facility in the top 27% of attempts by total score minus facility in the
 *   bottom 27% (group size = round(0.27 × N), at least 1);
 * - option distribution: how often each option was picked;
 * - exam mean, sample standard deviation, and Cronbach's alpha
 *   α = k/(k−1) · (1 − Σ var(item) / var(total)), sample variances — only when every attempt
 *   answered the same k questions. With papers drawn at random from a bank each reader sees
 *   different items, and α over the union of items (missing = 0) means nothing, so it is
 *   null with a reason the admin page shows;
 * - flags: a wrong option picked more often than the right one (for multiple choice: more
 *   often than the least-picked right option), or discrimination below 0.
 */
import type { ExamStatisticsOut } from '../../../contract/quiz'

export interface StatsQuestion {
  id: string
  stem: string
  answer: string[]
  options: { id: string; text: string }[]
}

export interface StatsAttempt {
  items: { questionId: string; selected: string[]; earned: number; points: number }[]
}

export type ItemStatistics = ExamStatisticsOut['items'][number]

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0)
function sampleVariance(xs: number[]): number {
  if (xs.length < 2) return 0
  const m = mean(xs)
  return xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1)
}
const round = (x: number) => Math.round(x * 10000) / 10000

export function itemStatistics(questions: StatsQuestion[], attempts: StatsAttempt[]) {
  const totals = attempts.map((a) => a.items.reduce((s, i) => s + i.earned, 0))
  const order = attempts.map((_, i) => i).sort((x, y) => totals[y] - totals[x])
  const groupSize = Math.max(1, Math.round(attempts.length * 0.27))
  const upper = new Set(order.slice(0, groupSize))
  const lower = new Set(order.slice(-groupSize))

  const items: ItemStatistics[] = questions.map((q) => {
    const scores: number[] = []
    const upperScores: number[] = []
    const lowerScores: number[] = []
    const optionCounts: Record<string, number> = Object.fromEntries(q.options.map((o) => [o.id, 0]))
    attempts.forEach((a, idx) => {
      const item = a.items.find((i) => i.questionId === q.id)
      if (!item) return
      const score = item.points ? item.earned / item.points : 0
      scores.push(score)
      if (upper.has(idx)) upperScores.push(score)
      if (lower.has(idx)) lowerScores.push(score)
      for (const id of item.selected) optionCounts[id] = (optionCounts[id] ?? 0) + 1
    })
    const discrimination = mean(upperScores) - mean(lowerScores)
    const flags: string[] = []
    const rightCounts = q.answer.map((id) => optionCounts[id] ?? 0)
    const leastRight = Math.min(...rightCounts)
    const wrongOptions = q.options.filter((o) => !q.answer.includes(o.id) && (optionCounts[o.id] ?? 0) > leastRight)
    if (wrongOptions.length) flags.push(`错误选项被选次数多于正确选项：${wrongOptions.map((o) => o.text).join('、')}`)
    if (discrimination < 0) flags.push('区分度为负：高分组答对率低于低分组')
    const options = q.options.map((o) => ({
      id: o.id,
      text: o.text,
      count: optionCounts[o.id] ?? 0,
      share: scores.length ? round((optionCounts[o.id] ?? 0) / scores.length) : 0,
      correct: q.answer.includes(o.id),
    }))
    return { questionId: q.id, stem: q.stem, responses: scores.length, facility: round(mean(scores)), discrimination: round(discrimination), optionCounts, options, flags }
  })

  const { alpha, reason } = cronbachAlpha(attempts, totals)
  return {
    attempts: attempts.length,
    mean: round(mean(totals)),
    sd: round(Math.sqrt(sampleVariance(totals))),
    cronbachAlpha: alpha === null ? null : round(alpha),
    /** Why α is not reported (null when it is). */
    alphaNote: reason,
    items,
  }
}

function cronbachAlpha(attempts: StatsAttempt[], totals: number[]): { alpha: number | null; reason: string | null } {
  if (attempts.length < 2) return { alpha: null, reason: '首次作答少于 2 人，无法计算 α' }
  const itemSet = (a: StatsAttempt) =>
    a.items
      .map((i) => i.questionId)
      .sort()
      .join(',')
  const first = itemSet(attempts[0])
  if (!attempts.every((a) => itemSet(a) === first)) return { alpha: null, reason: '各人试卷的题目不同（随机抽题），α 没有意义，不予计算；需要 α 时请让所有人作答同一组题目' }
  const ids = attempts[0].items.map((i) => i.questionId)
  const k = ids.length
  if (k < 2) return { alpha: null, reason: '试卷少于 2 题，无法计算 α' }
  const totalVariance = sampleVariance(totals)
  if (totalVariance === 0) return { alpha: null, reason: '所有人总分相同（方差为 0），无法计算 α' }
  const itemVariances = ids.map((id) => sampleVariance(attempts.map((a) => a.items.find((i) => i.questionId === id)!.earned)))
  return { alpha: (k / (k - 1)) * (1 - itemVariances.reduce((a, b) => a + b, 0) / totalVariance), reason: null }
}
