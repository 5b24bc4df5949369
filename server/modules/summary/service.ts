import { TtlCache } from '../../memo'
import { Types } from 'mongoose'
import { shanghaiDay } from '../../clock'
import { isDuplicateKeyError } from '../../errors'
import { FOLLOWED_BY_DURABLE_WRITE, type WriteOptions } from '../../db/write-concern'
import { MetricsDirty } from '../metrics/model'
import { Person } from '../roster/model'
import { User } from '../users/model'
import { ActivityDay, CompletionTimes, PersonSummary } from './model'

type Id = string | Types.ObjectId

export interface Identity {
  personId: Types.ObjectId | null
  departmentId: Types.ObjectId | null
  className: string | null
}

/** Roster identity of a user, copied into summaries (one query per write batch, not per event). */
export async function identityOf(userId: Id): Promise<Identity> {
  const user = await User.findById(userId, { personId: 1 }).lean()
  return identityOfPerson(user?.personId ?? null)
}

/** The same, when the caller already knows the user's roster person (e.g. from authentication). */
export async function identityOfPerson(personId: Id | null): Promise<Identity> {
  if (!personId) return { personId: null, departmentId: null, className: null }
  return personIdentities.get(String(personId), async () => {
    const person = await Person.findById(personId, { departmentId: 1, className: 1 }).lean()
    if (!person) return { personId: null, departmentId: null, className: null }
    return { personId: person._id, departmentId: person.departmentId, className: person.className ?? null }
  })
}

/**
 * Roster entries as heartbeats read them, cached briefly. A roster import or a department
 * change made by this process forgets them all (forgetIdentities); another instance's within the TTL.
 */
const personIdentities = new TtlCache<Identity>(30_000)

export function forgetIdentities(): void {
  personIdentities.clear()
}

/**
 * Dashboards recompute from summaries when this moves (see metrics/service.ts). Cache
 * freshness is wall-clock bookkeeping, not business time, so it ignores injected clocks.
 */
async function touchMetrics(campaignId: Id | null, write: WriteOptions = {}): Promise<void> {
  await MetricsDirty.updateOne({ _id: campaignId ? String(campaignId) : 'all' }, { $set: { at: new Date() } }, { upsert: true, ...write })
}

/** Upserts that race on a unique index: the loser retries once as a plain update. */
async function upsertWithRetry(run: () => Promise<unknown>): Promise<void> {
  try {
    await run()
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    await run()
  }
}

async function bumpDay(campaignId: Id, userId: Id, identity: Identity, at: Date, inc: Partial<Record<'completions' | 'quizAttempts' | 'opens', number>>, write: WriteOptions = {}) {
  await upsertWithRetry(() =>
    ActivityDay.updateOne(
      { campaignId, userId, day: shanghaiDay(at) },
      { $inc: inc, $setOnInsert: { personId: identity.personId, departmentId: identity.departmentId } },
      { upsert: true, ...write },
    ),
  )
}

export interface ItemProgressEvent {
  campaignId: Id
  userId: Id
  itemKey: string
  /** True the first time the reader opens the item. */
  firstOpen: boolean
  /** True exactly once: when the item flips to completed. */
  justCompleted: boolean
  at: Date
  identity?: Identity
}

/**
 * Called by progress tracking when a reader opens or completes an article or chapter, always
 * before the durable write that acknowledges the heartbeat: that write covers these, so they
 * do not each wait for the journal (a completion made about eight such waits in a row).
 */
export async function recordItemProgress(e: ItemProgressEvent): Promise<void> {
  if (!e.firstOpen && !e.justCompleted) return
  const identity = e.identity ?? (await identityOf(e.userId))
  const addToSet: Record<string, string> = { itemsOpened: e.itemKey }
  // Times kept with $min, so figures can be taken as of the end of a past month.
  const min: Record<string, Date> = { firstReachedAt: e.at, firstOpenedAt: e.at }
  if (e.justCompleted) {
    addToSet.itemsCompleted = e.itemKey
    min.firstCompletedAt = e.at
  }
  let before: { itemsOpened?: string[]; itemsCompleted?: string[] } | null = null
  await upsertWithRetry(async () => {
    before = await PersonSummary.findOneAndUpdate(
      { campaignId: e.campaignId, userId: e.userId },
      {
        $addToSet: addToSet,
        $min: min,
        $max: { lastActiveAt: e.at },
        $setOnInsert: { personId: identity.personId, departmentId: identity.departmentId, className: identity.className },
      },
      { upsert: true, returnDocument: 'before', projection: { itemsOpened: 1, itemsCompleted: 1 }, ...FOLLOWED_BY_DURABLE_WRITE },
    ).lean()
  })
  // The day's counters count an item once, decided by the single-document write above: a
  // resend, or a duplicate request at the same moment, finds the item in the set already.
  const firstOpen = e.firstOpen && !(before as { itemsOpened?: string[] } | null)?.itemsOpened?.includes(e.itemKey)
  const justCompleted = e.justCompleted && !(before as { itemsCompleted?: string[] } | null)?.itemsCompleted?.includes(e.itemKey)
  if (e.justCompleted) {
    await upsertWithRetry(() =>
      CompletionTimes.updateOne(
        { _id: `${e.campaignId}:${e.userId}` },
        { $min: { [`t.${e.itemKey}`]: e.at }, $setOnInsert: { campaignId: e.campaignId, userId: e.userId } },
        { upsert: true, ...FOLLOWED_BY_DURABLE_WRITE },
      ),
    )
  }
  if (firstOpen || justCompleted)
    await bumpDay(e.campaignId, e.userId, identity, e.at, { ...(firstOpen ? { opens: 1 } : {}), ...(justCompleted ? { completions: 1 } : {}) }, FOLLOWED_BY_DURABLE_WRITE)
  await touchMetrics(e.campaignId, FOLLOWED_BY_DURABLE_WRITE)
}

/** Called by the quiz engine when an exam attempt is submitted. */
export async function recordQuizAttempt(e: { campaignId: Id; userId: Id; passed: boolean; at: Date; identity?: Identity }): Promise<void> {
  const identity = e.identity ?? (await identityOf(e.userId))
  await upsertWithRetry(() =>
    PersonSummary.updateOne(
      { campaignId: e.campaignId, userId: e.userId },
      {
        $inc: { quizAttempts: 1 },
        $max: { lastActiveAt: e.at },
        ...(e.passed ? { $set: { quizPassed: true } } : {}),
        $min: { firstReachedAt: e.at, ...(e.passed ? { quizPassedAt: e.at } : {}) },
        $setOnInsert: { personId: identity.personId, departmentId: identity.departmentId, className: identity.className },
      },
      { upsert: true },
    ),
  )
  await bumpDay(e.campaignId, e.userId, identity, e.at, { quizAttempts: 1 })
  await touchMetrics(e.campaignId)
}

/** Keeps denormalised roster fields right when a reader binds, rebinds or is unbound. */
export async function onBindingChanged(userId: Id, identity: Identity | null): Promise<void> {
  const set = identity ?? { personId: null, departmentId: null, className: null }
  await PersonSummary.updateMany({ userId }, { $set: set })
  await ActivityDay.updateMany({ userId }, { $set: { personId: set.personId, departmentId: set.departmentId } })
  await touchMetrics(null)
}
