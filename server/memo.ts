/**
 * A small per-process cache for values read on hot paths (a heartbeat reads the same campaign,
 * article and roster entry every ten seconds per reader). Changes made by this process forget
 * the entry at once (`forget`); changes made by another instance are seen within `ttlMs`.
 * Loads in flight are shared, and a failed load is not kept. Wall-clock time, not the
 * injected clock: freshness of a cache is bookkeeping, not business time.
 */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; until: number }>()

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 50_000,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now()
    const hit = this.entries.get(key)
    if (hit && hit.until > now) return hit.value
    if (this.entries.size >= this.maxEntries) this.entries.clear() // crude bound; hot keys reload at once
    const value = load()
    this.entries.set(key, { value, until: now + this.ttlMs })
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key)
    })
    return value
  }

  forget(key: string): void {
    this.entries.delete(key)
  }

  clear(): void {
    this.entries.clear()
  }
}
