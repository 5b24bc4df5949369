import { randomUUID } from 'node:crypto'
import mongoose, { Schema } from 'mongoose'
import { claimOnce } from '../db/claims'
import { isDuplicateKeyError } from '../errors'

/**
 * One document per (job, period key), e.g. ("publish-due", "2026-11-24T10:05") or
 * ("monthly-report", "2026-10"). Whoever inserts it first runs the job; a run whose
 * owner died is taken over once its lease expires. FerretDB has no TTL indexes, so
 * expiry is a date compared in the query; takeovers are claims (server/db/claims.ts).
 */
const jobRunSchema = new Schema(
  {
    _id: { type: String },
    job: { type: String, required: true },
    key: { type: String, required: true },
    owner: { type: String, required: true },
    status: { type: String, enum: ['running', 'done', 'failed'], required: true },
    leaseUntil: { type: Date, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date },
    attempts: { type: Number, default: 1 },
    error: { type: String },
  },
  { versionKey: false },
)
jobRunSchema.index({ job: 1, startedAt: -1 })
export const JobRun = mongoose.model('JobRun', jobRunSchema, 'job_runs')

export const newOwnerId = () => `${process.pid}-${randomUUID().slice(0, 8)}`

/** Claims the run of `job` for `key`; false when another owner holds it or it is done. */
export async function claimRun(job: string, key: string, owner: string, now: Date, leaseMs: number): Promise<boolean> {
  const _id = `${job}:${key}`
  const leaseUntil = new Date(now.getTime() + leaseMs)
  try {
    await JobRun.create({ _id, job, key, owner, status: 'running', leaseUntil, startedAt: now })
    return true
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
  // Take over a run that failed, or whose lease ran out before it finished (its owner crashed
  // or hung). Leases are not renewed: a job must finish within its leaseMs, or another
  // instance may run it again. The takeover of attempt n+1 is itself an exactly-once claim,
  // so two instances cannot both take over.
  const run = await JobRun.findById(_id).lean()
  if (!run || run.status === 'done' || (run.status === 'running' && run.leaseUntil >= now)) return false
  const attempt = (run.attempts ?? 1) + 1
  if (!(await claimOnce(`job:${_id}#${attempt}`, now, owner))) return false
  await JobRun.updateOne({ _id }, { $set: { owner, status: 'running', leaseUntil, startedAt: now, attempts: attempt } })
  return true
}

export async function finishRun(job: string, key: string, owner: string, now: Date, error?: unknown): Promise<void> {
  await JobRun.updateOne(
    { _id: `${job}:${key}`, owner },
    { $set: { status: error ? 'failed' : 'done', finishedAt: now, ...(error ? { error: String((error as Error).message ?? error) } : {}) } },
  )
}

/** Runs fn at most once per (job, key) across all instances; returns whether this caller ran it. */
export async function runOnce(opts: { job: string; key: string; owner: string; now: () => Date; leaseMs?: number }, fn: () => Promise<void>): Promise<boolean> {
  const claimed = await claimRun(opts.job, opts.key, opts.owner, opts.now(), opts.leaseMs ?? 5 * 60_000)
  if (!claimed) return false
  try {
    await fn()
    await finishRun(opts.job, opts.key, opts.owner, opts.now())
    return true
  } catch (err) {
    await finishRun(opts.job, opts.key, opts.owner, opts.now(), err)
    throw err
  }
}
