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

export { CAMPAIGN_TIME_ZONE, shanghaiDay, shanghaiDayStart, shanghaiMonth } from '../contract/calendar'
