export interface Tally {
  roster: number
  reached: number
  readThrough: number
  quizPassed: number
  aware: number
  participating: number
  reachRate: number
  readThroughRate: number
  quizPassRate: number
  awarenessRate: number
  participationRate: number
}

export interface DepartmentRow extends Tally {
  departmentId: string
  name: string
  rank: number
}

export interface Dashboard {
  month: string
  computedAt: string
  stale: boolean
  campaign: { id: string; title: string }
  overview: Tally
  departments: DepartmentRow[]
  items: { itemKey: string; title: string; opens: number; completions: number; averageDepth: number; depthDeciles: number[] }[]
  daily: { day: string; active: number }[]
}

/** 0.6667 → "66.7%": one decimal, as in the monthly report. */
export const percent = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`

/** Bar heights 0–100 for a small chart, scaled to the largest value. */
export function barHeights(values: number[]): number[] {
  const max = Math.max(1, ...values)
  return values.map((v) => Math.round((v / max) * 100))
}
