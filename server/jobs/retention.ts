import { shanghaiDay } from '../clock'
import { Claim } from '../db/claims'
import { JobRun } from './lease'
import type { JobDefinition } from './scheduler'

/** Days job runs and claims are kept: enough to look back over a month of runs. */
export const RUN_RETENTION_DAYS = 30
const DAY_MS = 86_400_000

/**
 * Deletes job runs whose lease ended, and claims taken, more than `days` ago (the every-minute
 * jobs alone leave ~4,300 a day). Safe because each names a past period: a job's key is its
 * period and catch-up retries only the current one; a reminder claim names its day. A run is
 * judged by its lease, so one still running (or abandoned only recently) stays.
 */
export async function purgeOldRuns(now: Date, days = RUN_RETENTION_DAYS): Promise<{ jobRuns: number; claims: number }> {
  const cutoff = new Date(now.getTime() - days * DAY_MS)
  const [runs, claims] = await Promise.all([JobRun.deleteMany({ leaseUntil: { $lt: cutoff } }), Claim.deleteMany({ at: { $lt: cutoff } })])
  return { jobRuns: runs.deletedCount, claims: claims.deletedCount }
}

/** Daily at 03:17 Beijing time, when nothing else is busy. */
export const purgeOldRunsJob: JobDefinition = {
  name: 'purge-old-runs',
  schedule: '17 3 * * *',
  keyFor: shanghaiDay,
  run: async (deps, at) => {
    const purged = await purgeOldRuns(at)
    deps.logger.info(purged, 'old job runs and claims deleted')
  },
}
