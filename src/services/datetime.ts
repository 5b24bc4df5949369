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
