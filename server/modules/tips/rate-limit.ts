import { tooManyRequests } from '../../errors'
import { RateBucket } from './model'

/**
 * Fixed-window counters keyed by a pseudonym (keyed hash) of a reader id or an IP. Buckets
 * hold no tip id and are deleted once their window is over, so they cannot be joined to a tip.
 */
export async function countHit(key: string, windowMs: number, now: Date): Promise<number> {
  const start = Math.floor(now.getTime() / windowMs) * windowMs
  const _id = `${key}:${start}`
  await RateBucket.deleteMany({ windowEnd: { $lte: now } })
  await RateBucket.updateOne({ _id }, { $inc: { count: 1 }, $setOnInsert: { windowEnd: new Date(start + windowMs) } }, { upsert: true })
  return (await RateBucket.findById(_id).lean())?.count ?? 0
}

export async function currentCount(key: string, windowMs: number, now: Date): Promise<number> {
  const start = Math.floor(now.getTime() / windowMs) * windowMs
  return (await RateBucket.findById(`${key}:${start}`).lean())?.count ?? 0
}

export async function enforceLimit(key: string, limit: number, windowMs: number, now: Date, message: string): Promise<void> {
  if ((await countHit(key, windowMs, now)) > limit) throw tooManyRequests(message)
}
