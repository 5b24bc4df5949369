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
    const work = runOnce({ job: job.name, key: job.keyFor(at), owner: this.owner, now: () => this.deps.clock.now(), leaseMs: job.leaseMs }, () =>
      job.run(this.deps, at),
    )
    this.running.add(work)
    try {
      return await work
    } finally {
      this.running.delete(work)
    }
  }

  start(): void {
    for (const job of this.jobs) {
      const task = cron.schedule(
        job.schedule,
        () => {
          this.tick(job.name).catch((err) => this.deps.logger.error({ err, job: job.name }, 'job failed'))
        },
        { timezone: CAMPAIGN_TIME_ZONE, name: job.name },
      )
      this.tasks.push(task)
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
