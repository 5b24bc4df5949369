import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ManualClock } from '../../server/clock'
import { Claim, claimOnce } from '../../server/db/claims'
import { jobs } from '../../server/jobs'
import { JobRun, claimRun, finishRun } from '../../server/jobs/lease'
import { RUN_RETENTION_DAYS } from '../../server/jobs/retention'
import { JobRunner, nextRuns } from '../../server/jobs/scheduler'
import { useTestServer } from '../helpers/server'

const DAY = 86_400_000
const now = new Date('2026-11-27T01:00:00Z')
const t = useTestServer({ clock: new ManualClock(now) })

test('the daily retention job deletes job runs and claims older than 30 days and keeps the rest', async () => {
  const ago = (days: number) => new Date(now.getTime() - days * DAY)
  // Finished runs and claims on both sides of the cutoff, and a run still holding its lease.
  for (const [key, days] of [
    ['old', RUN_RETENTION_DAYS + 2],
    ['recent', RUN_RETENTION_DAYS - 2],
  ] as const) {
    assert.ok(await claimRun('test-job', key, 'owner-1', ago(days), 60_000))
    await finishRun('test-job', key, 'owner-1', ago(days))
    assert.ok(await claimOnce(`remind:person:${key}`, ago(days)))
  }
  assert.ok(await claimRun('test-job', 'long-lease', 'owner-1', ago(RUN_RETENTION_DAYS + 5), (RUN_RETENTION_DAYS + 10) * DAY))

  assert.ok(await new JobRunner(t.deps, jobs).tick('purge-old-runs', now))

  const runs = (await JobRun.find({ job: 'test-job' }).lean()).map((r) => r.key).sort()
  assert.deepEqual(runs, ['long-lease', 'recent'])
  const claims = (await Claim.find({ _id: /^remind:person:/ }).lean()).map((c) => c._id)
  assert.deepEqual(claims, ['remind:person:recent'])
  // Its own run today is kept (and claimed once: a second tick the same day does nothing).
  assert.equal((await JobRun.findById(`purge-old-runs:2026-11-27`).lean())?.status, 'done')
  assert.equal(await new JobRunner(t.deps, jobs).tick('purge-old-runs', new Date(now.getTime() + 3600_000)), false)
})

test('the retention job runs once a day', () => {
  const job = jobs.find((j) => j.name === 'purge-old-runs')
  assert.ok(job, 'registered with the other jobs')
  const [first, second] = nextRuns(job.schedule, 2)
  assert.equal(second!.getTime() - first!.getTime(), DAY)
})
