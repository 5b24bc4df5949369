/**
 * The campaign's calendar: days and months are Beijing time (Asia/Shanghai, UTC+8, no daylight
 * saving), whatever the time zone of the server or of the admin's browser. The server counts
 * daily figures by it, so the console asks for "this month" and draws "today" by it too.
 */
export const CAMPAIGN_TIME_ZONE = 'Asia/Shanghai'

/** Calendar day (YYYY-MM-DD) of a moment in Asia/Shanghai. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

/** Calendar month (YYYY-MM) of a moment in Asia/Shanghai. */
export function shanghaiMonth(at: Date): string {
  return shanghaiDay(at).slice(0, 7)
}

/** Date and minute (YYYY-MM-DD HH:mm) of a moment in Asia/Shanghai. */
export function shanghaiMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ')
}

/** The instant a Shanghai calendar day (YYYY-MM-DD) starts. */
export function shanghaiDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`)
}
