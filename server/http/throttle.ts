import type { Clock } from '../clock'
import { tooManyRequests } from '../errors'

export interface ThrottleRule {
  /** Failures after which the key is locked (the lock starts with the failure that reaches it). */
  lockAfter: number
  /** First lock; each further failure while over the limit doubles it, up to maxLockMs. */
  baseLockMs: number
  maxLockMs: number
  /** Failures older than this (counted from the last one) are forgotten. */
  forgetAfterMs: number
  message: string
  code: string
}

interface Entry {
  failures: number
  lastFailure: number
  lockedUntil: number
}

/**
 * Counts failed attempts (passwords, roster bindings) per key — an account, an address, a
 * reader, a student number — and locks a key with exponential backoff once it has used its
 * free failures: 429 with Retry-After until the lock ends. Kept in this process's memory
 * (a restart forgets; several instances each count on their own), like the tip limits.
 */
export class FailureThrottle {
  private readonly entries = new Map<string, Entry>()
  private readonly sweeper: NodeJS.Timeout

  constructor(
    private readonly clock: Clock,
    private readonly rules: Record<string, ThrottleRule>,
  ) {
    this.sweeper = setInterval(() => this.sweep(), 10 * 60_000)
    this.sweeper.unref()
  }

  /** Refuses with 429 (Retry-After) when any of the keys is locked now. */
  check(keys: [rule: string, value: string][]): void {
    const now = this.clock.now().getTime()
    let wait = 0
    let locked: ThrottleRule | null = null
    for (const [rule, value] of keys) {
      const entry = this.entries.get(`${rule}\u0000${value}`)
      if (entry && entry.lockedUntil > now && entry.lockedUntil - now > wait) {
        wait = entry.lockedUntil - now
        locked = this.rules[rule]
      }
    }
    if (locked) throw tooManyRequests(locked.message, locked.code, wait / 1000)
  }

  /** Records one failure on each key; returns the failure count of the first key. */
  fail(keys: [rule: string, value: string][]): number {
    const now = this.clock.now().getTime()
    let first = 0
    keys.forEach(([ruleName, value], i) => {
      const rule = this.rules[ruleName]
      const id = `${ruleName}\u0000${value}`
      const old = this.entries.get(id)
      const entry = old && now - old.lastFailure < rule.forgetAfterMs ? old : { failures: 0, lastFailure: now, lockedUntil: 0 }
      entry.failures += 1
      entry.lastFailure = now
      const over = entry.failures - rule.lockAfter + 1
      if (over > 0) entry.lockedUntil = now + Math.min(rule.maxLockMs, rule.baseLockMs * 2 ** Math.min(over - 1, 20))
      this.entries.set(id, entry)
      if (i === 0) first = entry.failures
    })
    return first
  }

  /** A success clears the key (the right password for an account; a reader who bound). */
  clear(keys: [rule: string, value: string][]): void {
    for (const [rule, value] of keys) this.entries.delete(`${rule}\u0000${value}`)
  }

  sweep(now = this.clock.now().getTime()): void {
    for (const [id, entry] of this.entries) {
      const rule = this.rules[id.split('\u0000')[0]]
      if (entry.lockedUntil <= now && now - entry.lastFailure >= rule.forgetAfterMs) this.entries.delete(id)
    }
  }

  stop(): void {
    clearInterval(this.sweeper)
  }
}
