/**
 * Reading tracker: measures how far a reader got through an item and for how long they
 * were engaged, and reports it in heartbeats. Plain TypeScript (no Taro): the page binds
 * it to scroll, touch, show/hide and a timer (src/hooks/useReadingTracker.ts), and tests
 * drive it with a simulated clock.
 *
 * Engaged time counts while the page is visible and there was input or scrolling in the
 * last 30 s. Heartbeats carry (sessionId, seq) so the server applies each one once; unsent
 * heartbeats wait in storage while offline and are sent when the network is back.
 */
export interface ItemRef {
  kind: 'article' | 'chapter'
  id: string
}

export interface Heartbeat {
  sessionId: string
  seq: number
  item: ItemRef
  depth: number
  engagedSeconds: number
  at: number
}

export interface SendResult {
  accepted: { sessionId: string; seq: number }[]
  rejected?: { sessionId: string; seq: number }[]
}

export interface QueueEnv {
  storage: { get(key: string): string | null; set(key: string, value: string): void }
  /** Sends a batch; throws on failure. `permanent` errors (4xx) drop the batch. */
  send(batch: Heartbeat[]): Promise<SendResult>
  isPermanentError?(err: unknown): boolean
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
        const res = await this.env.send(batch)
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

  reportDepth(depth: number): void {
    this.reportActivity()
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

/** Scroll depth 0–1 from the content box's position in the viewport. */
export function depthFromRect(rect: { top: number; height: number }, viewportHeight: number): number {
  if (rect.height <= 0) return 1
  return Math.min(1, Math.max(0, (viewportHeight - rect.top) / rect.height))
}
