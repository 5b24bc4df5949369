import cron, { type ScheduledTask } from 'node-cron'
import { CAMPAIGN_TIME_ZONE } from '../clock'
import type { AppDeps } from '../deps'
import { newOwnerId, runOnce } from './lease'

export interface JobDefinition {
  name: string
  /** Cron expression, evaluated in Asia/Shanghai. */
  schedule: string
  /** The period a tick belongs to; one run per key across all instances. */
  keyFor(at: Date): string
  run(deps: AppDeps, at: Date): Promise<void>
  leaseMs?: number
  /**
   * For runs that must not be lost (the monthly report): the runner also ticks on this
   * schedule and once at start-up, but only after `dueAt(now)`, the moment the current
   * period's run was due. The (job, key) claim keeps it to one run per period across
   * instances; a run that failed or whose owner died is taken over by the next catch-up.
   */
  catchUp?: { schedule: string; dueAt(at: Date): Date }
}

/** Period key of an every-minute job: the minute (UTC), so each minute runs once. */
export const minuteKey = (at: Date) => at.toISOString().slice(0, 16)

/** How the runner schedules a cron expression (every job runs in Asia/Shanghai). */
export const cronOptions = (name: string) => ({ timezone: CAMPAIGN_TIME_ZONE, name })

/** The next `count` moments a job's cron expression fires, as the runner schedules it. */
export function nextRuns(schedule: string, count: number): Date[] {
  const task = cron.createTask(schedule, () => {}, cronOptions('preview'))
  try {
    return task.getNextRuns(count)
  } finally {
    void task.destroy()
  }
}

/**
 * Runs registered jobs on their schedules. Each tick first claims (job, period key) in
 * MongoDB, so with several server instances exactly one runs it.
 */
export class JobRunner {
  readonly owner = newOwnerId()
  private tasks: ScheduledTask[] = []
  private running = new Set<Promise<unknown>>()

  constructor(
    private readonly deps: AppDeps,
    private readonly jobs: readonly JobDefinition[],
  ) {}

  /** Runs one job for the period containing `at` (the cron tick calls this; so do tests). */
  async tick(name: string, at: Date = this.deps.clock.now()): Promise<boolean> {
    const job = this.jobs.find((j) => j.name === name)
    if (!job) throw new Error(`unknown job ${name}`)
    const work = runOnce({ job: job.name, key: job.keyFor(at), owner: this.owner, now: () => this.deps.clock.now(), leaseMs: job.leaseMs }, () => job.run(this.deps, at))
    this.running.add(work)
    try {
      return await work
    } finally {
      this.running.delete(work)
    }
  }

  /**
   * Runs the job for the current period if it is due (see JobDefinition.catchUp) and no
   * instance has run it yet, or the last run failed or was abandoned.
   */
  async catchUp(name: string, at: Date = this.deps.clock.now()): Promise<boolean> {
    const job = this.jobs.find((j) => j.name === name)
    if (!job?.catchUp) throw new Error(`job ${name} has no catch-up`)
    if (at.getTime() < job.catchUp.dueAt(at).getTime()) return false
    return this.tick(name, at)
  }

  start(): void {
    const log = (name: string) => (err: unknown) => this.deps.logger.error({ err, job: name }, 'job failed')
    for (const job of this.jobs) {
      this.tasks.push(cron.schedule(job.schedule, () => void this.tick(job.name).catch(log(job.name)), cronOptions(job.name)))
      if (job.catchUp) {
        this.tasks.push(cron.schedule(job.catchUp.schedule, () => void this.catchUp(job.name).catch(log(job.name)), cronOptions(`${job.name}:catch-up`)))
        void this.catchUp(job.name).catch(log(job.name))
      }
    }
    this.deps.logger.info({ jobs: this.jobs.map((j) => j.name), owner: this.owner }, 'job runner started')
  }

  /** Stops scheduling and waits for runs in progress. */
  async stop(): Promise<void> {
    for (const task of this.tasks) await task.stop()
    this.tasks = []
    await Promise.allSettled([...this.running])
  }
}
