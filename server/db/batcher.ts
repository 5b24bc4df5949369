import { Types } from 'mongoose'
import { unavailableError } from './availability'

/** What one job of a batch came to: its value, or the error that job alone failed with. */
export type JobOutcome<R> = { ok: true; value: R } | { ok: false; error: unknown }

export interface BatcherOptions<J, R> {
  /** At most this many jobs in one batch. */
  maxSize: number
  /** Batches in flight at once (their jobs never share a key). */
  concurrency: number
  /**
   * How long a batch waits for company once its first job is queued (0: until the next turn of
   * the event loop). At a thousand requests a second a batch started at once holds one or two;
   * each database command costs CPU on both sides whatever it carries, and under that load the
   * CPU saved is worth more to the tail than the wait costs.
   */
  lingerMs?: number
  /**
   * Jobs sharing a key never run in the same batch, nor in two batches at once: the later one
   * waits for the next batch. (Heartbeats: the reader and the sessions a request writes.)
   */
  keysOf: (job: J) => string[]
  /**
   * Checked as a batch starts: an error here fails its jobs at once, without running them (the
   * database is known to be down: a queued request gets its 503 now, not after another timeout).
   */
  refuse?: () => unknown
  /** Runs one batch; an outcome per job, in order. A throw fails every job of the batch. */
  run: (jobs: J[]) => Promise<JobOutcome<R>[]>
}

/**
 * Collects the calls that arrive while a batch is in flight (or in the same turn of the event
 * loop) and runs them as the next batch, so one database round trip serves many requests.
 * Nothing waits on a timer: an idle batcher starts a batch on the next turn, so a lone request
 * pays no delay; under load, the batch in flight is the window in which the next one fills.
 */
export class Batcher<J, R> {
  private queue: { job: J; keys: string[]; resolve: (r: R) => void; reject: (e: unknown) => void }[] = []
  private readonly busyKeys = new Set<string>()
  private running = 0
  private scheduled = false
  /** Counters for tests and the benchmark. */
  readonly stats = { batches: 0, jobs: 0, largest: 0 }

  constructor(private readonly opts: BatcherOptions<J, R>) {}

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, keys: [...new Set(this.opts.keysOf(job))], resolve, reject })
      this.schedule()
    })
  }

  private schedule(): void {
    if (this.scheduled || this.running >= this.opts.concurrency || this.queue.length === 0) return
    this.scheduled = true
    const start = () => {
      this.scheduled = false
      this.startBatch()
    }
    if (this.opts.lingerMs && this.queue.length < this.opts.maxSize) setTimeout(start, this.opts.lingerMs)
    else setImmediate(start)
  }

  private startBatch(): void {
    if (this.running >= this.opts.concurrency) return
    const batch: typeof this.queue = []
    const rest: typeof this.queue = []
    const taken = new Set(this.busyKeys)
    for (const entry of this.queue) {
      if (batch.length < this.opts.maxSize && entry.keys.every((k) => !taken.has(k))) {
        batch.push(entry)
        for (const k of entry.keys) taken.add(k)
      } else rest.push(entry)
    }
    this.queue = rest
    if (batch.length === 0) return // every waiting job shares a key with a batch in flight: its end schedules again
    const refused = this.opts.refuse?.()
    if (refused) {
      for (const e of batch) e.reject(refused)
      this.schedule()
      return
    }
    const keys = batch.flatMap((e) => e.keys)
    for (const k of keys) this.busyKeys.add(k)
    this.running++
    this.stats.batches++
    this.stats.jobs += batch.length
    this.stats.largest = Math.max(this.stats.largest, batch.length)
    void this.opts
      .run(batch.map((e) => e.job))
      .then(
        (outcomes) => outcomes.forEach((o, i) => (o.ok ? batch[i].resolve(o.value) : batch[i].reject(o.error))),
        (err: unknown) => batch.forEach((e) => e.reject(err)),
      )
      .finally(() => {
        for (const k of keys) this.busyKeys.delete(k)
        this.running--
        this.schedule()
      })
    this.schedule() // another batch may start at once when concurrency allows
  }
}

/**
 * Look-ups by ObjectId `_id` that arrive together (or while the previous look-up is in flight)
 * go out as one `$in` query: authentication reads the user on every request, and a burst of
 * heartbeats is hundreds a second. Each caller gets what its own `findById(...).lean()` would;
 * the query goes through the driver's collection: mongoose's query layer, which only cast the
 * ids here, was about 5% of the app's CPU under heartbeat load.
 */
export function findByIdTogether<T extends { _id: unknown }>(
  collection: { find(filter: object, options: { projection: object }): { toArray(): Promise<unknown[]> } },
  projection: object,
): (id: string) => Promise<T | null> {
  const batcher = new Batcher<string, T | null>({
    maxSize: 500,
    concurrency: 2,
    // At a thousand requests a second, a 2 ms wait makes look-ups go out several at a time rather than alone.
    lingerMs: 2,
    keysOf: () => [],
    refuse: unavailableError,
    run: async (ids) => {
      const rows = (await collection.find({ _id: { $in: [...new Set(ids)].map((id) => new Types.ObjectId(id)) } }, { projection }).toArray()) as T[]
      const byId = new Map(rows.map((r) => [String(r._id), r]))
      return ids.map((id) => ({ ok: true, value: byId.get(id) ?? null }))
    },
  })
  return (id) => batcher.submit(id)
}
