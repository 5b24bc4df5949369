/**
 * A small seeded PRNG (mulberry32): the demo data is the same on every run with the same
 * seed, so tests can assert its spread. Not for anything secret.
 */
export class DemoRandom {
  private state: number
  constructor(seed: number) {
    this.state = seed >>> 0
  }
  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0
    let t = this.state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  between(min: number, max: number): number {
    return min + this.next() * (max - min)
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }
  /** An item chosen with the given weights (same length as items). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0)
    let r = this.next() * total
    for (const [i, w] of weights.entries()) {
      r -= w
      if (r < 0) return items[i]
    }
    return items[items.length - 1]
  }
  /** Exponentially distributed with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean
  }
  /** Roughly normal (sum of uniforms), clamped to [min, max]. */
  normal(mean: number, sd: number, min = -Infinity, max = Infinity): number {
    const z = this.next() + this.next() + this.next() + this.next() + this.next() + this.next() - 3
    return Math.min(max, Math.max(min, mean + z * sd * Math.SQRT2))
  }
}
