/**
 * Classical item analysis over first attempts (Moodle-style):
 * - facility: share of the item's points earned (for 0/1 items: share answering correctly);
 * - discrimination: facility in the top 27% of attempts by total score minus facility in the
 *   bottom 27% (group size = round(0.27 × N), at least 1);
 * - option distribution: how often each option was picked;
 * - exam mean, sample standard deviation, and Cronbach's alpha
 *   α = k/(k−1) · (1 − Σ var(item) / var(total)), sample variances;
 * - flags: a wrong option picked more often than the right one (for multiple choice: more
 *   often than the least-picked right option), or discrimination below 0.
 */
export interface StatsQuestion {
  id: string
  stem: string
  answer: string[]
  options: { id: string; text: string }[]
}

export interface StatsAttempt {
  items: { questionId: string; selected: string[]; earned: number; points: number }[]
}

export interface ItemStatistics {
  questionId: string
  stem: string
  responses: number
  facility: number
  discrimination: number
  optionCounts: Record<string, number>
  flags: string[]
}

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
    return { questionId: q.id, stem: q.stem, responses: scores.length, facility: round(mean(scores)), discrimination: round(discrimination), optionCounts, flags }
  })

  const k = questions.length
  const itemVariances = questions.map((q) => sampleVariance(attempts.map((a) => a.items.find((i) => i.questionId === q.id)?.earned ?? 0)))
  const totalVariance = sampleVariance(totals)
  const alpha = k > 1 && totalVariance > 0 ? (k / (k - 1)) * (1 - itemVariances.reduce((a, b) => a + b, 0) / totalVariance) : null
  return {
    attempts: attempts.length,
    mean: round(mean(totals)),
    sd: round(Math.sqrt(sampleVariance(totals))),
    cronbachAlpha: alpha === null ? null : round(alpha),
    items,
  }
}
