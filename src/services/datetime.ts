/**
 * Times are shown in Beijing time (UTC+8, no daylight saving) whatever the device's own
 * time zone is: the campaign, its reports and the security office all work in it.
 */
const BEIJING_OFFSET_MS = 8 * 3600_000

export type TimeUnit = 'day' | 'hour' | 'minute'

/** "2026-10-12", "2026-10-12 01时" or "2026-10-12 01:30" in Beijing time; '' for no or a bad time. */
export function formatBeijing(value: string | Date | null | undefined, unit: TimeUnit = 'minute'): string {
  if (!value) return ''
  const ms = new Date(value).getTime()
  if (Number.isNaN(ms)) return ''
  const iso = new Date(ms + BEIJING_OFFSET_MS).toISOString()
  const day = iso.slice(0, 10)
  if (unit === 'day') return day
  if (unit === 'hour') return `${day} ${iso.slice(11, 13)}时`
  return `${day} ${iso.slice(11, 16)}`
}

/** The Beijing calendar day (YYYY-MM-DD) of a moment, e.g. for date filters. */
export function beijingDay(at: Date = new Date()): string {
  return formatBeijing(at, 'day')
}

/** Date (YYYY-MM-DD) and time (HH:mm) of a moment in Beijing time, for date and time pickers. */
export function beijingParts(at: Date): { date: string; time: string } {
  const [date, time] = formatBeijing(at).split(' ')
  return { date, time }
}

/**
 * The moment a date and time picked in Beijing time stand for, or null when they are not
 * a real date and time (2026-02-30 would otherwise roll over into March).
 */
export function beijingMoment(date: string, time: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null
  const at = new Date(`${date}T${time}:00+08:00`)
  return Number.isNaN(at.getTime()) || beijingParts(at).date !== date ? null : at
}
