/** Injectable time source: services take a Clock so tests can move time. */
export interface Clock {
  now(): Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock tests can set and advance. */
export class ManualClock implements Clock {
  private current: number
  constructor(start: Date | string = new Date()) {
    this.current = new Date(start).getTime()
  }
  now(): Date {
    return new Date(this.current)
  }
  set(to: Date | string): void {
    this.current = new Date(to).getTime()
  }
  advance(ms: number): void {
    this.current += ms
  }
}

export const CAMPAIGN_TIME_ZONE = 'Asia/Shanghai'

/** Calendar day (YYYY-MM-DD) of a moment in Asia/Shanghai (UTC+8, no DST). */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10)
}

/** Calendar month (YYYY-MM) of a moment in Asia/Shanghai. */
export function shanghaiMonth(at: Date): string {
  return shanghaiDay(at).slice(0, 7)
}

/** The instant a Shanghai calendar day (YYYY-MM-DD) starts. */
export function shanghaiDayStart(day: string): Date {
  return new Date(`${day}T00:00:00+08:00`)
}
