/**
 * Reading tracker: measures how far a reader got through an item and for how long they
 * were engaged, and reports it in heartbeats. Plain TypeScript (no Taro): the page binds
 * it to scroll, touch, show/hide and a timer (src/hooks/useReadingTracker.ts), and tests
 * drive it with a simulated clock.
 *
 * Engaged time counts while the page is visible and there was input or scrolling in the
 * last 30 s. Heartbeats carry (sessionId, seq) so the server applies each one once, and the
 * time they were made (`at`, this device's clock) so reading done offline counts when the
 * queue is sent later; each batch says when it was sent (`sentAt`), which tells the server
 * how far this device's clock is off. Unsent heartbeats wait in storage while offline and
 * are sent when the network is back, at launch and after signing in.
 */
import type { HeartbeatIn, HeartbeatResultOut, ItemRef } from '@contract/progress'
import { ApiError } from './request'

export type { ItemRef }

/** A heartbeat as this tracker sends it: always with the time it was made (`at`). */
export type Heartbeat = Required<HeartbeatIn>

/** The part of POST /api/progress/heartbeats' answer the queue reads: which heartbeats were saved. */
export type SendResult = Pick<HeartbeatResultOut, 'accepted'> & Partial<Pick<HeartbeatResultOut, 'rejected'>>

export interface QueueEnv {
  storage: { get(key: string): string | null; set(key: string, value: string): void }
  /** Sends a batch made at `sentAt` (this device's clock, ms); throws on failure. `permanent` errors (4xx) drop the batch. */
  send(batch: Heartbeat[], sentAt: number): Promise<SendResult>
  isPermanentError?(err: unknown): boolean
  /** This device's clock (ms); Date.now by default. */
  now?(): number
}

/**
 * Whether a failed send means the server refused the batch for good (drop it) rather than
 * "not now" (keep it queued): 4xx except 401 (signing in again) and 429 (slow down). 503,
 * other 5xx, timeouts and no network (ApiError status 0) keep the batch.
 */
export function isPermanentSendError(err: unknown): boolean {
  return err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 429
}

const QUEUE_KEY = 'progress-queue'
const MAX_BATCH = 50
const MAX_QUEUED = 500

/** Persistent queue of heartbeats shared by every tracked page. */
export class HeartbeatQueue {
  private flushing: Promise<void> | null = null

  constructor(private readonly env: QueueEnv) {}

  pending(): Heartbeat[] {
    try {
      return JSON.parse(this.env.storage.get(QUEUE_KEY) ?? '[]') as Heartbeat[]
    } catch {
      return []
    }
  }

  private save(items: Heartbeat[]): void {
    this.env.storage.set(QUEUE_KEY, JSON.stringify(items.slice(-MAX_QUEUED)))
  }

  enqueue(hb: Heartbeat): void {
    this.save([...this.pending(), hb])
  }

  /** Sends what is queued; keeps whatever the server did not acknowledge. */
  flush(): Promise<void> {
    this.flushing ??= this.flushLoop().finally(() => {
      this.flushing = null
    })
    return this.flushing
  }

  private async flushLoop(): Promise<void> {
    for (;;) {
      const batch = this.pending().slice(0, MAX_BATCH)
      if (batch.length === 0) return
      let done: Set<string>
      try {
        const res = await this.env.send(batch, (this.env.now ?? Date.now)())
        done = new Set([...res.accepted, ...(res.rejected ?? [])].map((a) => `${a.sessionId}#${a.seq}`))
      } catch (err) {
        if (!this.env.isPermanentError?.(err)) return // offline or server trouble: retry later
        done = new Set(batch.map((b) => `${b.sessionId}#${b.seq}`))
      }
      this.save(this.pending().filter((b) => !done.has(`${b.sessionId}#${b.seq}`)))
      if (done.size === 0) return
    }
  }
}

export interface TrackerOptions {
  now: () => number
  newSessionId: () => string
  idleMs?: number
}

export class ReadingTracker {
  readonly sessionId: string
  private seq = 0
  private depth = 0
  private engagedMs = 0
  private reportedMs = 0
  private visible = true
  private lastActivity: number
  private lastAccrue: number
  private stopped = false
  private readonly idleMs: number

  constructor(
    readonly item: ItemRef,
    private readonly queue: HeartbeatQueue,
    private readonly opts: TrackerOptions,
  ) {
    this.sessionId = opts.newSessionId()
    this.idleMs = opts.idleMs ?? 30_000
    this.lastActivity = opts.now()
    this.lastAccrue = opts.now()
  }

  get maxDepth(): number {
    return this.depth
  }

  get engagedSeconds(): number {
    this.accrue()
    return this.engagedMs / 1000
  }

  /** Opening the page counts as an action; the first heartbeat marks the item as opened. */
  start(): void {
    this.heartbeat()
  }

  /** Scrolling: the reader acted, and the page shows this depth. */
  reportDepth(depth: number): void {
    this.reportActivity()
    this.observeDepth(depth)
  }

  /** A depth reading that is not the reader's doing (layout settled, a timer): not engagement. */
  observeDepth(depth: number): void {
    this.depth = Math.max(this.depth, Math.min(1, Math.max(0, depth)))
  }

  reportActivity(): void {
    this.accrue()
    this.lastActivity = this.opts.now()
  }

  hide(): void {
    if (!this.visible) return
    this.accrue()
    this.visible = false
    this.heartbeat()
  }

  show(): void {
    if (this.visible) return
    this.visible = true
    this.lastAccrue = this.opts.now() // hidden time never counts
  }

  /** Called by a timer about every 10 s. */
  tick(): void {
    if (this.visible) this.heartbeat()
  }

  /** Page unload: a final heartbeat. */
  stop(): void {
    if (this.stopped) return
    this.accrue()
    this.heartbeat()
    this.stopped = true
  }

  private accrue(): void {
    const now = this.opts.now()
    if (this.visible) {
      const activeUntil = this.lastActivity + this.idleMs
      const from = this.lastAccrue
      const to = Math.min(now, activeUntil)
      if (to > from) this.engagedMs += to - from
    }
    this.lastAccrue = now
  }

  private heartbeat(): void {
    if (this.stopped) return
    this.accrue()
    const deltaMs = Math.floor((this.engagedMs - this.reportedMs) / 100) * 100
    this.reportedMs += deltaMs
    this.queue.enqueue({
      sessionId: this.sessionId,
      seq: this.seq++,
      item: this.item,
      depth: Math.round(this.depth * 1000) / 1000,
      engagedSeconds: deltaMs / 1000,
      at: this.opts.now(),
    })
    void this.queue.flush()
  }
}

/**
 * Scroll depth 0–1: how much of the material, from its top to the bottom of its end marker,
 * has been above the bottom of the viewport. A box without height (not laid out yet) is
 * unknown and counts as 0, never as read.
 */
export function depthFromRect(rect: { top: number; height: number }, viewportHeight: number): number {
  if (!(rect.height > 0) || !(viewportHeight > 0)) return 0
  return Math.min(1, Math.max(0, (viewportHeight - rect.top) / rect.height))
}

/** The material's box: from the content's top to the end marker's bottom (or the content's own bottom without a marker). */
export function materialRect(content: { top: number; height: number }, endMarker?: { top: number; height: number } | null): { top: number; height: number } {
  if (!endMarker) return { top: content.top, height: content.height }
  return { top: content.top, height: endMarker.top + endMarker.height - content.top }
}

export interface DepthMeasurement {
  /** The material's box (see materialRect). */
  rect: { top: number; height: number }
  viewportHeight: number
  /** Images in the material still loading; undefined when the page cannot tell (mini-program rich text). */
  pendingImages?: number
}

/**
 * Turns layout measurements into depth readings without overstating: since depth is a
 * maximum, one early reading taken before images were laid out would stick. A measurement
 * counts only when the layout is settled: no image still loading, or, where images cannot
 * be seen, the material's height unchanged for `settleMs`.
 */
export class DepthGauge {
  private height = -1
  private since = 0

  constructor(private readonly opts: { now: () => number; settleMs?: number }) {}

  /** The depth this measurement shows, or null while the layout is not settled. */
  read(m: DepthMeasurement): number | null {
    const now = this.opts.now()
    if (!(m.rect.height > 0) || (m.pendingImages ?? 0) > 0) {
      this.height = -1
      return null
    }
    if (m.rect.height !== this.height) {
      this.height = m.rect.height
      this.since = now
    }
    if (m.pendingImages === undefined && now - this.since < (this.opts.settleMs ?? 1000)) return null
    return depthFromRect(m.rect, m.viewportHeight)
  }
}

/**
 * Sends queued heartbeats now and whenever a trigger fires (signing in, the network coming
 * back), not only when a new heartbeat is queued: reading done offline reaches the server
 * as soon as the app can send it. Returns a function that unbinds the triggers.
 */
export function keepQueueFlushed(queue: HeartbeatQueue, triggers: ((flush: () => void) => (() => void) | void)[]): () => void {
  const flush = () => void queue.flush()
  const unbind = triggers.map((t) => t(flush))
  flush()
  return () => unbind.forEach((u) => u?.())
}

export interface ThrottleTimers {
  now: () => number
  setTimeout: (fn: () => void, ms: number) => unknown
  clearTimeout: (handle: unknown) => void
}

/**
 * At most one call of `fn` per `ms`: the first call runs at once, later calls inside the
 * window collapse into one trailing call at its end (so the last scroll position is always
 * measured). Scroll events fire dozens of times a second in WeChat; each measurement is a
 * SelectorQuery round trip to the render layer.
 */
export function throttle(fn: () => void, ms: number, timers: ThrottleTimers): { call: () => void; cancel: () => void } {
  let last = -Infinity
  let pending: unknown = null
  const run = () => {
    pending = null
    last = timers.now()
    fn()
  }
  return {
    call: () => {
      const wait = last + ms - timers.now()
      if (wait <= 0 && pending === null) return run()
      if (pending === null) pending = timers.setTimeout(run, Math.max(0, wait))
    },
    cancel: () => {
      if (pending !== null) timers.clearTimeout(pending)
      pending = null
    },
  }
}
