import { createHmac, randomBytes } from 'node:crypto'
import type { Clock } from '../../clock'
import { tooManyRequests } from '../../errors'

const HOUR = 3600_000
const DAY = 24 * HOUR
/** Asia/Shanghai is UTC+8 all year: days start at 16:00 UTC. */
const SHANGHAI_OFFSET = 8 * HOUR

export interface LimitRule {
  name: string
  limit: number
  windowMs: number
  /** Windows start at multiples of windowMs shifted by this (days start at midnight in Shanghai). */
  alignMs: number
  message: string
}

export const TIP_LIMITS = {
  tipPerReader: { name: 'tip-reader', limit: 5, windowMs: DAY, alignMs: -SHANGHAI_OFFSET, message: '今天提交的举报较多，请明天再试或直接联系保卫处' },
  tipPerIp: { name: 'tip-ip', limit: 30, windowMs: DAY, alignMs: -SHANGHAI_OFFSET, message: '提交过于频繁，请稍后再试' },
  uploadPerReader: { name: 'upload-reader', limit: 40, windowMs: DAY, alignMs: -SHANGHAI_OFFSET, message: '上传过于频繁，请稍后再试' },
  uploadPerIp: { name: 'upload-ip', limit: 240, windowMs: DAY, alignMs: -SHANGHAI_OFFSET, message: '上传过于频繁，请稍后再试' },
  lookupPerReader: { name: 'track-reader', limit: 10, windowMs: HOUR, alignMs: 0, message: '查询失败次数过多，请一小时后再试' },
  lookupPerIp: { name: 'track-ip', limit: 10, windowMs: HOUR, alignMs: 0, message: '查询失败次数过多，请一小时后再试' },
} satisfies Record<string, LimitRule>

interface Window {
  end: number
  salt: Buffer
  counts: Map<string, number>
}

/**
 * Fixed-window counters for tip submissions, uploads and failed look-ups, kept in this
 * process only. A counter is keyed by HMAC-SHA256(reader id or IP) under a random salt made
 * for its window; when the window ends, salt and counters are dropped. Nothing reaches the
 * database and nothing is derived from TIP_ENCRYPTION_KEY, so neither the database nor the
 * key tells who submitted today.
 *
 * Trade-off: counts are per process. A restart starts them over, and with several instances
 * behind a load balancer each instance counts on its own (the limits multiply by the number
 * of instances unless the balancer keeps a client on one instance).
 */
export class TipRateLimiter {
  private readonly windows = new Map<string, Window>()
  private readonly sweeper: NodeJS.Timeout

  constructor(private readonly clock: Clock) {
    // Expired windows (salt and counts) are also dropped when nobody is submitting.
    this.sweeper = setInterval(() => this.purge(), 60_000)
    this.sweeper.unref()
  }

  /**
   * Counts one hit on every (rule, value) at once, or none: refuses with 429 when any would go
   * over its limit. Synchronous between check and increment, so concurrent requests in this
   * process cannot slip past a limit. The returned function gives the hits back (a successful
   * look-up, a submission that was refused for another reason).
   */
  take(hits: [LimitRule, string][]): () => void {
    const now = this.clock.now().getTime()
    this.purge(now)
    const keyed = hits.map(([rule, value]) => {
      const window = this.window(rule, now)
      return { rule, window, key: createHmac('sha256', window.salt).update(value).digest('base64url') }
    })
    const over = keyed.find((k) => (k.window.counts.get(k.key) ?? 0) >= k.rule.limit)
    if (over) throw tooManyRequests(over.rule.message)
    for (const k of keyed) k.window.counts.set(k.key, (k.window.counts.get(k.key) ?? 0) + 1)
    let released = false
    return () => {
      if (released) return
      released = true
      for (const k of keyed) {
        const left = (k.window.counts.get(k.key) ?? 0) - 1
        if (left > 0) k.window.counts.set(k.key, left)
        else k.window.counts.delete(k.key)
      }
    }
  }

  /** Drops windows that are over: their salts and counters are gone for good. */
  purge(now = this.clock.now().getTime()): void {
    for (const [name, window] of this.windows) if (window.end <= now) this.windows.delete(name)
  }

  /** Windows currently held (for tests and diagnostics): names and how many keys each counts. */
  held(): { name: string; keys: number; end: Date }[] {
    return [...this.windows].map(([name, w]) => ({ name, keys: w.counts.size, end: new Date(w.end) }))
  }

  stop(): void {
    clearInterval(this.sweeper)
  }

  private window(rule: LimitRule, now: number): Window {
    const start = Math.floor((now - rule.alignMs) / rule.windowMs) * rule.windowMs + rule.alignMs
    const end = start + rule.windowMs
    let window = this.windows.get(rule.name)
    if (!window || window.end !== end) {
      window = { end, salt: randomBytes(32), counts: new Map() }
      this.windows.set(rule.name, window)
    }
    return window
  }
}
