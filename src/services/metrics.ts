import type { DashboardOut as Dashboard, DepartmentRowOut as DepartmentRow, ReportOut as ReportRow, TallyOut as Tally } from '@contract/metrics'
import { beijingDay } from './datetime'

/** The metrics answers, as the contract defines them (type-only). */
export type { Dashboard, DepartmentRow, ReportRow, Tally }

/** 0.6667 → "66.7%": one decimal, as in the monthly report. */
export const percent = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`

/** Bar heights 0–100 for a small chart, scaled to the largest value. */
export function barHeights(values: number[]): number[] {
  const max = Math.max(1, ...values)
  return values.map((v) => Math.round((v / max) * 100))
}

/** The counts behind each rate of the overview cards. */
export const RATE_COUNTS = {
  awarenessRate: 'aware',
  participationRate: 'participating',
  reachRate: 'reached',
  readThroughRate: 'readThrough',
  quizPassRate: 'quizPassed',
} as const satisfies Record<string, keyof Tally>

/** "3/6 人": the count behind a rate. */
export const countOf = (t: Tally, rateKey: keyof typeof RATE_COUNTS) => `${t[RATE_COUNTS[rateKey]]}/${t.roster} 人`

/** Calendar month (YYYY-MM) of a moment in Beijing time, as the server counts months. */
export const beijingMonth = (at: Date) => beijingDay(at).slice(0, 7)

export function previousMonthOf(month: string): string {
  const [y, m] = month.split('-').map(Number)
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`
}

/** `month` and the `count - 1` months before it, newest first. */
export function monthsUpTo(month: string, count: number): string[] {
  const out = [month]
  while (out.length < count) out.push(previousMonthOf(out[out.length - 1]))
  return out
}

/** Months that have a report (newest first), and the one to offer first: last month if it has one, else the newest. */
export function reportMonthChoice(reports: readonly ReportRow[], now: Date): { months: string[]; initial: string | null } {
  const months = [...new Set(reports.map((r) => r.month))].sort().reverse()
  const last = previousMonthOf(beijingMonth(now))
  return { months, initial: months.includes(last) ? last : (months[0] ?? null) }
}
