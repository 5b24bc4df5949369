import type { HeartbeatResultOut } from '../../../contract/progress'
import { mongo, Types } from 'mongoose'
import { classifyDbError, unavailableError } from '../../db/availability'
import { DURABLE, FOLLOWED_BY_DURABLE_WRITE, type WriteOptions } from '../../db/write-concern'
import { isDuplicateKeyError } from '../../errors'
import type { CampaignView } from '../campaigns/service'
import { getCampaignCached, toCampaignView } from '../campaigns/service'
import { PersonSummary } from '../summary/model'
import { identityOf, identityOfPerson, recordItemProgress, type Identity } from '../summary/service'
import { Batcher, type JobOutcome } from '../../db/batcher'
import { shanghaiDay } from '../../clock'
import { EngagementClock, ItemProgress, ItemStats, ReadingSession, type ItemProgressDoc } from './model'
import type { Heartbeat } from '../../../contract/progress'

export type ItemKind = 'article' | 'chapter'

/** What progress tracking needs to know about a readable item. */
export interface TrackableItem {
  campaignId: Types.ObjectId
  required: boolean
  /** Estimated reading time at the campaign's characters-per-minute. */
  readingSeconds: number
}

/** The reader a heartbeat batch is for; `identity()` is read once per batch and shared. */
export interface Reader {
  userId: string
  identity(): Promise<Identity>
}

/** Looks an item up for a reader: null when it does not exist or the reader may not see it. */
type Resolver = (id: string, reader: Reader) => Promise<TrackableItem | null>
const resolvers = new Map<ItemKind, Resolver>()

/** Feature modules register how to look up their items (articles, handbook chapters). */
export function registerTrackableKind(kind: ItemKind, resolver: Resolver): void {
  resolvers.set(kind, resolver)
}

export const itemKeyOf = (kind: ItemKind, id: string) => `${kind}:${id}`

/** Estimated reading time: characters / (chars per minute), in seconds. */
export function estimateReadingSeconds(text: string, charsPerMinute: number): number {
  const chars = text.replace(/\s+/g, '').length
  return Math.max(1, Math.round((chars / charsPerMinute) * 60))
}

/** DESIGN.md §4: depth ≥ 0.9 and engaged ≥ min(30 s, 30% of the estimated reading time). */
export function isCompleted(p: { maxDepth: number; engagedSeconds: number }, readingSeconds: number, settings: CampaignView['settings']): boolean {
  const neededSeconds = Math.min(settings.minEngagedSeconds, settings.engagedShareOfReadingTime * readingSeconds)
  return p.maxDepth >= settings.completionDepth && p.engagedSeconds >= neededSeconds
}

/**
 * How far a record is towards completion under the same rule (0–1): the lesser of depth ÷
 * completion depth and engaged time ÷ time needed; 1 only when completed. `remainingSeconds`
 * is the engaged time still needed. Readers see this, so "100%" never shows before completion.
 */
export function completionProgress(
  p: { maxDepth: number; engagedSeconds: number; completed?: boolean | null },
  readingSeconds: number,
  settings: CampaignView['settings'],
): { progress: number; remainingSeconds: number } {
  if (p.completed) return { progress: 1, remainingSeconds: 0 }
  const neededSeconds = Math.min(settings.minEngagedSeconds, settings.engagedShareOfReadingTime * readingSeconds)
  const share = Math.min(p.maxDepth / settings.completionDepth, neededSeconds > 0 ? p.engagedSeconds / neededSeconds : 1, 1)
  return { progress: Math.min(0.99, Math.floor(share * 100) / 100), remainingSeconds: Math.max(0, Math.ceil(neededSeconds - p.engagedSeconds)) }
}

/** The first heartbeat of a session (or of a reader) may claim at most this much engagement. */
export const FIRST_CONTACT_ALLOWANCE_S = 12
/** Client clocks may run this far ahead of the server's and still be trusted. */
export const CLIENT_CLOCK_SKEW_MS = 60_000
/** Heartbeats recorded offline are trusted for this long. */
export const MAX_OFFLINE_AGE_MS = 7 * 24 * 3600_000

/**
 * When a heartbeat happened, on the server's clock. Its client timestamp (`at`, ms) is used
 * when plausible, shifted by the client clock's offset (server time minus the batch's
 * `sentAt`, when the batch says when it was sent): not ahead of the server clock by more
 * than the skew (then clamped to now), not older than MAX_OFFLINE_AGE_MS, and strictly after
 * the session's previous client timestamp. Otherwise it counts as happening when it arrived.
 */
export function effectiveTime(at: number | undefined, lastClientAt: number | null | undefined, now: Date, sentAt?: number): { time: number; trusted: boolean } {
  const n = now.getTime()
  if (at === undefined) return { time: n, trusted: false }
  const t = at + (sentAt === undefined ? 0 : n - sentAt)
  if (t > n + CLIENT_CLOCK_SKEW_MS || t < n - MAX_OFFLINE_AGE_MS) return { time: n, trusted: false }
  if (lastClientAt != null && at <= lastClientAt) return { time: n, trusted: false }
  return { time: Math.min(t, n), trusted: true }
}

/**
 * How much of a heartbeat's claimed engagement is credited. Credit is placed on the
 * reader's timeline between `from` = max(creditedUntil, sessionFloor) and the heartbeat's
 * time; it never overlaps earlier credit (creditedUntil moves to its end). Tenths of a second.
 */
export function creditEngagement(p: { claimedSeconds: number; time: number; creditedUntil: number; sessionFloor: number }): { seconds: number; creditedUntil: number } {
  const from = Math.max(p.creditedUntil, p.sessionFloor)
  const available = Math.floor((p.time - from) / 100)
  const tenths = Math.max(0, Math.min(Math.round(p.claimedSeconds * 10), available))
  return { seconds: tenths / 10, creditedUntil: tenths > 0 ? from + tenths * 100 : p.creditedUntil }
}

/**
 * The reader's engagement clock, created at first contact (opening the feed or an item, or
 * the first heartbeat) with the first-contact allowance behind it.
 */
export async function noteReaderContact(userId: string, now: Date) {
  const existing = await EngagementClock.findById(userId).lean()
  if (existing) return existing
  const created = { _id: new Types.ObjectId(userId), creditedUntil: new Date(now.getTime() - FIRST_CONTACT_ALLOWANCE_S * 1000), firstContactAt: now }
  try {
    await EngagementClock.create(created)
    return created
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    return (await EngagementClock.findById(userId).lean())!
  }
}

/** A credit given; `day` (Asia/Shanghai) is the day its engaged time was counted on. */
type Grant = { session: string; seq: number; tenths: number; from: Date; until: Date; day?: string }
type ClockState = { creditedUntil: Date; lastGrant?: Grant | null; engagedTenthsByDay?: Record<string, number> | null }

/** The clock update of a grant: the timeline moves and the day's engaged total rises, in one compare-and-set. */
const grantUpdate = (grant: Grant & { day: string }) => ({
  $set: { creditedUntil: grant.until, lastGrant: grant },
  $inc: { [`engagedTenthsByDay.${grant.day}`]: grant.tenths },
})

/** Engaged seconds credited to a reader on one Asia/Shanghai day (有效学习时长). */
export async function engagedSecondsOn(userId: string, day: string): Promise<number> {
  const clock = await EngagementClock.collection.findOne({ _id: new Types.ObjectId(userId) }, { projection: { [`engagedTenthsByDay.${day}`]: 1 } })
  return ((clock?.engagedTenthsByDay as Record<string, number> | undefined)?.[day] ?? 0) / 10
}

/**
 * A grant's effect on the day's engaged total, for listeners (study points). Listeners run
 * before the durable write that acknowledges the heartbeat, which covers theirs: they pass
 * `write` (FOLLOWED_BY_DURABLE_WRITE) to their writes instead of waiting for the journal each.
 */
export type EngagedTimeEvent = { userId: string; campaignId: Types.ObjectId; day: string; beforeTenths: number; afterTenths: number; at: Date; write: WriteOptions }
type EngagedTimeListener = (e: EngagedTimeEvent) => Promise<void>
const engagedTimeListeners: EngagedTimeListener[] = []

/** Other features react to engaged time (study points) without progress knowing them; listeners must be idempotent (a resend tells them again). */
export function onEngagedTime(listener: EngagedTimeListener): void {
  engagedTimeListeners.push(listener)
}

async function onGranted(e: Omit<EngagedTimeEvent, 'write'>): Promise<void> {
  for (const listener of engagedTimeListeners) await listener({ ...e, write: FOLLOWED_BY_DURABLE_WRITE })
}
type SessionState = { userId: Types.ObjectId; itemKey: string; startedAt: Date; creditFrom?: Date | null; lastAt: Date; lastClientAt?: number | null; lastSeq: number }

export type HeartbeatResult = HeartbeatResultOut

type ResolvedItem = { item: TrackableItem; settings: CampaignView['settings'] } | null

/** A session's new heartbeats, replayed in memory: what they add and where they leave the session. */
interface SessionOutcome {
  /** Tenths of a second credited (integer, so sums stay exact). */
  engagedTenths: number
  maxDepth: number
  creditedUntil: number
  session: Omit<SessionState, 'userId' | 'itemKey'> & { creditFrom: Date }
}

/**
 * Replays a session's new heartbeats (ascending seq) against its stored state and the reader's
 * engagement clock, without writing. Engaged time is bounded by time (docs/architecture.md,
 * "Progress"): within the session by the gaps between its heartbeats' times, and across all of
 * a reader's sessions and items by the one timeline on which credit never overlaps.
 */
function replaySession(stored: SessionState | null, heartbeats: Heartbeat[], creditedUntil: number, now: Date, sentAt?: number): SessionOutcome {
  const allowanceMs = FIRST_CONTACT_ALLOWANCE_S * 1000
  let state: SessionOutcome['session'] | null = stored
    ? { ...stored, creditFrom: stored.creditFrom ?? new Date(stored.startedAt.getTime() - allowanceMs) } // stored before creditFrom existed
    : null
  let engagedTenths = 0
  let maxDepth = 0
  let until = creditedUntil
  for (const hb of heartbeats) {
    const when = effectiveTime(hb.at, state?.lastClientAt, now, sentAt)
    const clientAt = when.trusted ? hb.at : state?.lastClientAt
    let sessionFloor: number
    if (!state) {
      sessionFloor = when.time - allowanceMs
      state = { startedAt: now, creditFrom: new Date(sessionFloor), lastAt: new Date(when.time), lastClientAt: clientAt, lastSeq: hb.seq }
    } else {
      // Trusted times: no more engagement than the gap since the session's previous heartbeat.
      sessionFloor = when.trusted ? Math.max(state.creditFrom.getTime(), state.lastAt.getTime()) : state.creditFrom.getTime()
      state = { ...state, lastSeq: hb.seq, lastAt: new Date(Math.max(when.time, state.lastAt.getTime())), lastClientAt: clientAt }
    }
    if (hb.engagedSeconds > 0) {
      const grant = creditEngagement({ claimedSeconds: hb.engagedSeconds, time: when.time, creditedUntil: until, sessionFloor })
      engagedTenths += Math.round(grant.seconds * 10)
      until = grant.creditedUntil
    }
    maxDepth = Math.max(maxDepth, hb.depth)
  }
  return { engagedTenths, maxDepth, creditedUntil: until, session: state! }
}

/** A request's heartbeats per session, each list in ascending seq without repeated seqs. */
function groupBySession(batch: Heartbeat[]): Map<string, Heartbeat[]> {
  const bySession = new Map<string, Heartbeat[]>()
  for (const hb of batch) {
    const list = bySession.get(hb.sessionId) ?? []
    if (!list.some((other) => other.seq === hb.seq)) list.push(hb)
    bySession.set(hb.sessionId, list)
  }
  for (const list of bySession.values()) list.sort((a, b) => a.seq - b.seq)
  return bySession
}

/** Authentication has read the user already: its roster person saves reading it again. */
function readerOf(userId: string, known?: { personId: string | null }): Reader {
  let identity: Promise<Identity> | null = null
  return { userId, identity: () => (identity ??= known ? identityOfPerson(known.personId) : identityOf(userId)) }
}

async function resolveItem(ref: Heartbeat['item'], reader: Reader): Promise<ResolvedItem> {
  const resolver = resolvers.get(ref.kind)
  const item = resolver ? await resolver(ref.id, reader) : null
  return item ? { item, settings: toCampaignView(await getCampaignCached(String(item.campaignId))).settings } : null
}

/**
 * Applies a request's heartbeats for one reader: through the batcher (see batch.ts), which
 * applies the requests arriving together with a few database round trips in all, and answers
 * each exactly as applyHeartbeatsAlone would.
 */
export function applyHeartbeats(userId: string, batch: Heartbeat[], now: Date, sentAt?: number, known?: { personId: string | null }): Promise<HeartbeatResult> {
  return heartbeatBatcher.submit({ userId, heartbeats: batch, now, sentAt, known })
}

/**
 * Applies a batch of heartbeats for one reader, one request on its own (the batcher's path
 * for what is not the common case: resends, several sessions, rejections, first contact races). A heartbeat is acknowledged only once it is
 * stored, and a resend after a crash at any point between the writes is applied, never
 * doubled and never lost:
 * 1. reads, in parallel: the engagement clock, the batch's sessions, its items;
 * 2. per session, its new heartbeats (seq above the session's stored seq) are replayed in
 *    memory, then written as one compare-and-set of the engagement clock and one update of
 *    the item's progress that also records the session's applied seq (`applied.<session>`):
 *    the update is guarded by that seq, so a resend whose progress is already stored changes
 *    nothing there;
 * 3. item counters and the reader's summary follow; the session's seq moves last, so a crash
 *    before it leaves the heartbeats to be resent and re-applied (step 2's guard keeps that
 *    exact), and a crash after it means everything was stored.
 * Depth only grows ($max); engaged time is bounded per reader by one timeline (see
 * replaySession). Costs a constant number of round trips per session in the batch, each a
 * look-up by _id or a unique index, whatever the size of the data.
 */
export async function applyHeartbeatsAlone(userId: string, batch: Heartbeat[], now: Date, sentAt?: number, known?: { personId: string | null }): Promise<HeartbeatResult> {
  const result: HeartbeatResult = { accepted: [], rejected: [], items: [] }
  const bySession = groupBySession(batch)
  const reader = readerOf(userId, known)
  const itemKeys = [...new Set(batch.map((hb) => itemKeyOf(hb.item.kind, hb.item.id)))]
  const refs = new Map(batch.map((hb) => [itemKeyOf(hb.item.kind, hb.item.id), hb.item]))
  const resolve = (key: string) => resolveItem(refs.get(key)!, reader)

  const sessionIds = [...bySession.keys()]
  const projection = { userId: 1, itemKey: 1, startedAt: 1, creditFrom: 1, lastAt: 1, lastClientAt: 1, lastSeq: 1 }
  const [clockDoc, sessionDocs, resolvedList] = await Promise.all([
    noteReaderContact(userId, now),
    Promise.all(sessionIds.map((id) => ReadingSession.findById(id, projection).lean<SessionState>())),
    Promise.all(itemKeys.map(resolve)),
  ])
  const clock: ClockState = {
    creditedUntil: clockDoc.creditedUntil,
    lastGrant: (clockDoc as { lastGrant?: Grant | null }).lastGrant ?? null,
    engagedTenthsByDay: (clockDoc as { engagedTenthsByDay?: Record<string, number> | null }).engagedTenthsByDay ?? null,
  }
  const items = new Map(itemKeys.map((k, i) => [k, resolvedList[i]]))
  const touched = new Map<string, HeartbeatResult['items'][number]>()

  for (const [i, sessionId] of sessionIds.entries()) {
    const stored = sessionDocs[i]
    const fresh: Heartbeat[] = []
    const sessionKey = stored?.itemKey ?? itemKeyOf(bySession.get(sessionId)![0].item.kind, bySession.get(sessionId)![0].item.id)
    for (const hb of bySession.get(sessionId)!) {
      const key = itemKeyOf(hb.item.kind, hb.item.id)
      if (!items.get(key)) result.rejected.push({ sessionId, seq: hb.seq, reason: 'ITEM_NOT_FOUND' })
      else if ((stored && String(stored.userId) !== userId) || key !== sessionKey) result.rejected.push({ sessionId, seq: hb.seq, reason: 'SESSION_MISMATCH' })
      else if (stored && hb.seq <= stored.lastSeq)
        result.accepted.push({ sessionId, seq: hb.seq }) // stored before
      else fresh.push(hb)
    }
    if (fresh.length === 0) {
      // Acknowledged as stored from what was read, which another request may have written
      // and not yet had committed: a durable no-op write waits for that commit.
      if (stored && result.accepted.some((a) => a.sessionId === sessionId))
        await advanceSession(userId, sessionId, sessionKey, { ...stored, creditFrom: stored.creditFrom ?? stored.startedAt })
      continue
    }
    const state = await applySession(userId, sessionId, sessionKey, stored, fresh, items.get(sessionKey)!, clock, reader, now, sentAt)
    touched.set(sessionKey, state)
    for (const hb of fresh) result.accepted.push({ sessionId, seq: hb.seq })
  }
  result.items = [...touched.values()]
  return result
}

/** Step 2 and 3 of applyHeartbeats for one session's new heartbeats; returns the item's stored state. */
async function applySession(
  userId: string,
  sessionId: string,
  key: string,
  stored: SessionState | null,
  fresh: Heartbeat[],
  resolved: NonNullable<ResolvedItem>,
  clock: ClockState,
  reader: Reader,
  now: Date,
  sentAt: number | undefined,
): Promise<HeartbeatResult['items'][number]> {
  // Engagement clock: compare-and-set from the state the replay started from; another request
  // of this reader moved it → read it again and replay again.
  const lastSeq = fresh[fresh.length - 1].seq
  const grant = clock.lastGrant
  let outcome: SessionOutcome
  // What this request's credit did to the day's engaged total (told to listeners below).
  let granted: { day: string; beforeTenths: number; afterTenths: number } | null = null
  if (grant && grant.session === sessionId && grant.seq === lastSeq && grant.until.getTime() === clock.creditedUntil.getTime()) {
    // A resend of the batch that got the last credit, with nothing credited since: a try that
    // failed after the clock and before (or after) the progress write. Same credit again (the
    // progress guard below keeps it from counting twice if that write did happen).
    outcome = { ...replaySession(stored, fresh, grant.from.getTime(), now, sentAt), engagedTenths: grant.tenths, creditedUntil: grant.until.getTime() }
    // The day's total already holds this grant (same write); listeners are told again.
    if (grant.day && grant.tenths > 0) {
      const after = clock.engagedTenthsByDay?.[grant.day] ?? grant.tenths
      granted = { day: grant.day, beforeTenths: after - grant.tenths, afterTenths: after }
    }
  } else {
    outcome = replaySession(stored, fresh, clock.creditedUntil.getTime(), now, sentAt)
    for (let attempt = 0; outcome.creditedUntil !== clock.creditedUntil.getTime(); attempt++) {
      if (attempt >= 50) throw new Error(`engagement clock of ${userId} is contended`)
      const until = new Date(outcome.creditedUntil)
      const given = { session: sessionId, seq: lastSeq, tenths: outcome.engagedTenths, from: clock.creditedUntil, until, day: shanghaiDay(now) }
      const res = await EngagementClock.collection.updateOne({ _id: new Types.ObjectId(userId), creditedUntil: clock.creditedUntil }, grantUpdate(given), FOLLOWED_BY_DURABLE_WRITE)
      if (res.modifiedCount === 1) {
        const before = clock.engagedTenthsByDay?.[given.day] ?? 0
        clock.creditedUntil = until
        clock.lastGrant = given
        clock.engagedTenthsByDay = { ...clock.engagedTenthsByDay, [given.day]: before + given.tenths }
        granted = { day: given.day, beforeTenths: before, afterTenths: before + given.tenths }
        break
      }
      const fresher = await noteReaderContact(userId, now)
      clock.creditedUntil = fresher.creditedUntil
      clock.lastGrant = (fresher as { lastGrant?: Grant | null }).lastGrant ?? null
      clock.engagedTenthsByDay = (fresher as { engagedTenthsByDay?: Record<string, number> | null }).engagedTenthsByDay ?? null
      outcome = replaySession(stored, fresh, clock.creditedUntil.getTime(), now, sentAt)
    }
  }

  if (granted) await onGranted({ userId, campaignId: resolved.item.campaignId, ...granted, at: now })

  const engaged = outcome.engagedTenths / 10
  const guard = `applied.${sessionId}`
  const { departmentId } = await reader.identity()
  const filter = { userId, itemKey: key, [guard]: { $not: { $gte: lastSeq } } }
  const update = {
    $max: { maxDepth: outcome.maxDepth, lastSeenAt: now, [guard]: lastSeq },
    $inc: { engagedSeconds: engaged },
    $min: { firstOpenedAt: now },
    $setOnInsert: { campaignId: resolved.item.campaignId, departmentId },
  }
  let before: ItemProgressDoc | null
  let applied: boolean
  try {
    before = await ItemProgress.findOneAndUpdate(filter, update, { upsert: true, returnDocument: 'before', ...FOLLOWED_BY_DURABLE_WRITE }).lean<ItemProgressDoc>()
    applied = true
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    // The record exists but the guard did not match it (this session's seq is stored: a
    // resend after a crash), or a concurrent request created it first: try once more, as an update.
    before = await ItemProgress.findOneAndUpdate(filter, update, { returnDocument: 'before', ...FOLLOWED_BY_DURABLE_WRITE }).lean<ItemProgressDoc>()
    applied = before !== null
  }

  if (!applied) {
    // Already stored by an earlier try that did not get as far as moving the session on:
    // finish what that try may not have (completion and the reader's summary), then move it.
    const current = (await ItemProgress.findOne({ userId, itemKey: key }).lean<ItemProgressDoc>())!
    const completed = (await completeIfDue(userId, key, current, resolved, now)) || !!current.completed
    await repairSummary(userId, key, resolved.item.campaignId, completed, reader, now)
    // The failed try may have flipped the flag and stopped before telling the listeners; they
    // are idempotent (one points entry per item, an arrival flag), so tell them again.
    if (completed) await onItemCompleted({ userId, itemKey: key, campaignId: resolved.item.campaignId, at: now })
    await advanceSession(userId, sessionId, key, outcome.session)
    return { itemKey: key, maxDepth: current.maxDepth, engagedSeconds: current.engagedSeconds, completed }
  }

  const oldDepth = before?.maxDepth ?? 0
  const after = { maxDepth: Math.max(oldDepth, outcome.maxDepth), engagedSeconds: (before?.engagedSeconds ?? 0) + engaged, completed: !!before?.completed }
  // Opening and completing count once each, decided by single-document writes (atomic, see
  // docs/database.md): the upsert that created the record, and the update that flips `completed`.
  const firstOpen = !before
  const justCompleted = !before?.completed && (await completeIfDue(userId, key, after, resolved, now))
  if (justCompleted) after.completed = true
  await Promise.all([
    bumpItemStats(resolved.item.campaignId, key, { firstOpen, justCompleted, oldDepth: before ? oldDepth : null, newDepth: after.maxDepth, engaged }),
    (async () => {
      if (!firstOpen && !justCompleted) return
      await recordItemProgress({ campaignId: resolved.item.campaignId, userId, itemKey: key, firstOpen, justCompleted, at: now, identity: await reader.identity() })
      if (justCompleted) await onItemCompleted({ userId, itemKey: key, campaignId: resolved.item.campaignId, at: now })
    })(),
  ])
  await advanceSession(userId, sessionId, key, outcome.session)
  return { itemKey: key, ...after }
}

/** Flips `completed` when the record meets the rule; true for the one caller whose update flipped it. */
async function completeIfDue(
  userId: string,
  key: string,
  p: { maxDepth: number; engagedSeconds: number; completed?: boolean | null },
  resolved: NonNullable<ResolvedItem>,
  now: Date,
): Promise<boolean> {
  if (p.completed || !isCompleted(p, resolved.item.readingSeconds, resolved.settings)) return false
  const flipped = await ItemProgress.updateOne({ userId, itemKey: key, completed: { $ne: true } }, { $set: { completed: true, completedAt: now } }, FOLLOWED_BY_DURABLE_WRITE)
  return flipped.modifiedCount === 1
}

/** After a crash between the progress write and the summary write: add what the summary lacks. */
async function repairSummary(userId: string, key: string, campaignId: Types.ObjectId, completed: boolean, reader: Reader, now: Date): Promise<void> {
  const summary = await PersonSummary.findOne({ campaignId, userId }, { itemsOpened: 1, itemsCompleted: 1 }).lean()
  const firstOpen = !summary?.itemsOpened?.includes(key)
  const justCompleted = completed && !summary?.itemsCompleted?.includes(key)
  if (firstOpen || justCompleted) await recordItemProgress({ campaignId, userId, itemKey: key, firstOpen, justCompleted, at: now, identity: await reader.identity() })
}

/**
 * Moves the session on (last step: see applyHeartbeats). $max keeps concurrent resends from
 * moving it back. Durable: its acknowledgement covers the batch's earlier writes.
 */
async function advanceSession(userId: string, sessionId: string, key: string, s: SessionOutcome['session']): Promise<void> {
  await ReadingSession.updateOne(
    { _id: sessionId },
    {
      $max: { lastSeq: s.lastSeq, lastAt: s.lastAt, ...(s.lastClientAt != null ? { lastClientAt: s.lastClientAt } : {}) },
      $setOnInsert: { userId: new Types.ObjectId(userId), itemKey: key, startedAt: s.startedAt, creditFrom: s.creditFrom },
    },
    { upsert: true, ...DURABLE },
  )
}

/** A completion, for listeners; as with EngagedTimeEvent, a later durable write covers theirs (`write`). */
type CompletionEvent = { userId: string; itemKey: string; campaignId: Types.ObjectId; at: Date; write: WriteOptions }
type CompletionListener = (e: CompletionEvent) => Promise<void>
const completionListeners: CompletionListener[] = []

/** Other features react to completions (e.g. study points) without progress knowing them. */
export function onCompletion(listener: CompletionListener): void {
  completionListeners.push(listener)
}

async function onItemCompleted(e: Omit<CompletionEvent, 'write'>): Promise<void> {
  for (const listener of completionListeners) await listener({ ...e, write: FOLLOWED_BY_DURABLE_WRITE })
}

/** The reader's progress on a set of items, keyed by item key. */
export async function progressFor(userId: string, itemKeys: string[]) {
  const rows = itemKeys.length ? await ItemProgress.find({ userId, itemKey: { $in: itemKeys } }).lean() : []
  return new Map(rows.map((r) => [r.itemKey, r]))
}

/** Depth decile 0–9 (90–100% is decile 9, so a full read lands there too). */
export const depthDecile = (depth: number) => Math.min(9, Math.floor(depth * 10))

/**
 * Keeps per-item figures (opens, completions, depth and engagement sums, readers per depth
 * decile) as counters, so item drop-off never scans every reader's progress.
 */
async function bumpItemStats(campaignId: Types.ObjectId, itemKey: string, c: StatsChange): Promise<void> {
  const inc = statsIncrement(c)
  if (Object.keys(inc).length === 0) return
  await ItemStats.updateOne({ _id: itemKey }, { $inc: inc, $setOnInsert: { campaignId } }, { upsert: true, ...FOLLOWED_BY_DURABLE_WRITE })
}

const STATS_COUNTERS = ['opens', 'completions', 'depthSum', 'engagedSum', ...Array.from({ length: 10 }, (_, i) => `d${i}`)]

type StatsChange = { firstOpen: boolean; justCompleted: boolean; oldDepth: number | null; newDepth: number; engaged: number }

/** What one applied session changes in its item's counters. */
function statsIncrement(c: StatsChange): Record<string, number> {
  const inc: Record<string, number> = {}
  if (c.firstOpen) inc.opens = 1
  if (c.justCompleted) inc.completions = 1
  if (c.engaged) inc.engagedSum = c.engaged
  const from = c.oldDepth ?? 0
  if (c.newDepth !== from) inc.depthSum = c.newDepth - from
  if (c.firstOpen) inc[`d${depthDecile(c.newDepth)}`] = 1
  else if (c.oldDepth !== null && depthDecile(c.oldDepth) !== depthDecile(c.newDepth)) {
    inc[`d${depthDecile(c.oldDepth)}`] = -1
    inc[`d${depthDecile(c.newDepth)}`] = 1
  }
  return inc
}

/** One request's heartbeats, as the batcher carries them. */
interface HeartbeatJob {
  userId: string
  heartbeats: Heartbeat[]
  now: Date
  sentAt?: number
  known?: { personId: string | null }
}

/** A request on the batch's common path: one session, its item resolved, its new heartbeats replayed. */
interface FastJob {
  index: number
  job: HeartbeatJob
  userOid: Types.ObjectId
  sessionId: string
  key: string
  resolved: NonNullable<ResolvedItem>
  reader: Reader
  heartbeats: Heartbeat[]
  stored: SessionState | null
  fresh: Heartbeat[]
  outcome: SessionOutcome
  /** The clock write this request makes (absent when it credits nothing). */
  grant?: Grant & { day: string }
  clockBefore: Date
  /** The reader's engaged total (tenths) on the grant's day, as read with the clock. */
  dayTenthsBefore: number
  before: { maxDepth: number; engagedSeconds: number; completed?: boolean | null } | null
  after?: { maxDepth: number; engagedSeconds: number; completed: boolean }
}

/**
 * Requests arriving together share their database round trips (see applyBatch). One batch
 * never holds two requests of one reader, nor two naming the same session: the later waits
 * for the next batch, so each reader's requests apply one after the other as before.
 */
const heartbeatBatcher = new Batcher<HeartbeatJob, HeartbeatResult>({
  maxSize: 256,
  concurrency: Number(process.env.HEARTBEAT_BATCHES_IN_FLIGHT ?? 2),
  // 4 ms: at 1,000 requests/s offered, a fifth less CPU per request in both processes than starting at once (bench, paced phase).
  lingerMs: 4,
  keysOf: (job) => [`user:${job.userId}`, ...job.heartbeats.map((hb) => `session:${hb.sessionId}`)],
  refuse: unavailableError,
  run: applyBatch,
})

/** How the batcher has grouped requests so far (tests, the benchmark). */
export const heartbeatBatchStats = () => ({ ...heartbeatBatcher.stats })

/** The progress records of these (user, item) pairs: one query when the pairs are few users × few items, else one per item. */
async function readProgress(pairs: { userOid: Types.ObjectId; key: string }[]) {
  const projection = { userId: 1, itemKey: 1, maxDepth: 1, engagedSeconds: 1, completed: 1 }
  const users = new Map(pairs.map((p) => [String(p.userOid), p.userOid]))
  const byKey = new Map<string, Types.ObjectId[]>()
  for (const p of pairs) byKey.set(p.key, [...(byKey.get(p.key) ?? []), p.userOid])
  // The engine looks a compound unique index up point by point for every combination of the $in lists.
  const queries =
    users.size * byKey.size <= 2 * pairs.length + 16
      ? [{ userId: { $in: [...users.values()] }, itemKey: { $in: [...byKey.keys()] } }]
      : [...byKey].map(([key, oids]) => ({ userId: { $in: oids }, itemKey: key }))
  const rows = (await Promise.all(queries.map((q) => ItemProgress.collection.find(q, { projection }).toArray()))).flat()
  return new Map(rows.map((r) => [`${String(r.userId)} ${r.itemKey}`, r as unknown as NonNullable<FastJob['before']>]))
}

/**
 * Applies the heartbeat requests of one batch with the same writes, in the same order per
 * request, as applyHeartbeatsAlone, but each step one round trip for the whole batch:
 * 1. reads: the readers' engagement clocks, the sessions, the progress records ($in each);
 * 2. per request, in memory: its new heartbeats replayed (replaySession);
 * 3. the clocks (compare-and-set each), then the progress records (guarded by `applied.<session>`),
 *    as one bulk write each; completions and the readers' summaries (rare) per request;
 * 4. the item counters, one increment per item for the batch;
 * 5. the sessions, last, in one durable write whose acknowledgement covers the batch.
 * A crash between steps leaves each request where a crash leaves applyHeartbeatsAlone, so a
 * resend is exact. Whatever is not the common case — several sessions in a request, a rejected
 * heartbeat, a resend of stored heartbeats, a compare-and-set or guard that did not match — is
 * handed to applyHeartbeatsAlone, after the batch's writes: it reads afresh and acts as on a
 * resend. A failure of one request's own step fails that request only; a failure of a shared
 * step (the database is gone) fails every request still open in the batch, with that error.
 */
async function applyBatch(jobs: HeartbeatJob[]): Promise<JobOutcome<HeartbeatResult>[]> {
  const outcomes: (JobOutcome<HeartbeatResult> | undefined)[] = new Array(jobs.length)
  const alone = new Set<number>()
  const fail = (i: number, error: unknown) => void (outcomes[i] ??= { ok: false, error })

  // Per request: its one session and its item (cached look-ups).
  const prepared = await Promise.all(
    jobs.map(async (job, index) => {
      try {
        const bySession = groupBySession(job.heartbeats)
        if (bySession.size !== 1) return void alone.add(index)
        const [[sessionId, heartbeats]] = bySession
        const ref = heartbeats[0].item
        const key = itemKeyOf(ref.kind, ref.id)
        if (heartbeats.some((hb) => itemKeyOf(hb.item.kind, hb.item.id) !== key)) return void alone.add(index)
        const reader = readerOf(job.userId, job.known)
        const resolved = await resolveItem(ref, reader)
        if (!resolved) return void alone.add(index)
        return { index, job, userOid: new Types.ObjectId(job.userId), sessionId, key, resolved, reader, heartbeats }
      } catch (error) {
        fail(index, error)
      }
    }),
  )
  const candidates = prepared.filter((p) => p !== undefined)

  if (candidates.length) {
    const [clocks, sessions, progress] = await Promise.all([
      EngagementClock.collection
        .find(
          { _id: { $in: candidates.map((c) => c.userOid) } },
          // Only the days this batch counts on (one, except around midnight), not the whole history.
          { projection: { creditedUntil: 1, lastGrant: 1, ...Object.fromEntries(candidates.map((c) => [`engagedTenthsByDay.${shanghaiDay(c.job.now)}`, 1])) } },
        )
        .toArray(),
      ReadingSession.collection
        .find({ _id: { $in: candidates.map((c) => c.sessionId) } } as never, {
          projection: { userId: 1, itemKey: 1, startedAt: 1, creditFrom: 1, lastAt: 1, lastClientAt: 1, lastSeq: 1 },
        })
        .toArray(),
      readProgress(candidates),
    ])
    const clockOf = new Map(clocks.map((c) => [String(c._id), c as unknown as ClockState]))
    const sessionOf = new Map(sessions.map((s) => [String(s._id), s as unknown as SessionState]))
    // First contact of a reader: the clock is created as on opening an item.
    await Promise.all(
      candidates
        .filter((c) => !clockOf.has(c.job.userId))
        .map(async (c) => {
          const created = await noteReaderContact(c.job.userId, c.job.now)
          clockOf.set(c.job.userId, created as ClockState)
        }),
    )

    const fast: FastJob[] = []
    for (const c of candidates) {
      const stored = sessionOf.get(c.sessionId) ?? null
      const clock = clockOf.get(c.job.userId)!
      if (stored && (String(stored.userId) !== c.job.userId || stored.itemKey !== c.key)) {
        alone.add(c.index) // SESSION_MISMATCH, answered by the one-request path
        continue
      }
      const fresh = c.heartbeats.filter((hb) => !stored || hb.seq > stored.lastSeq)
      const lastSeq = fresh.at(-1)?.seq
      const grant = clock.lastGrant
      // Nothing new, or a resend of the batch that got the last credit: the resend path handles it.
      if (lastSeq === undefined || (grant && grant.session === c.sessionId && grant.seq === lastSeq)) {
        alone.add(c.index)
        continue
      }
      const outcome = replaySession(stored, fresh, clock.creditedUntil.getTime(), c.job.now, c.job.sentAt)
      const credited = outcome.creditedUntil !== clock.creditedUntil.getTime()
      const day = shanghaiDay(c.job.now)
      fast.push({
        ...c,
        stored,
        fresh,
        outcome,
        clockBefore: clock.creditedUntil,
        before: progress.get(`${c.job.userId} ${c.key}`) ?? null,
        dayTenthsBefore: clock.engagedTenthsByDay?.[day] ?? 0,
        ...(credited
          ? { grant: { session: c.sessionId, seq: lastSeq, tenths: outcome.engagedTenths, from: clock.creditedUntil, until: new Date(outcome.creditedUntil), day } }
          : {}),
      })
    }

    await applyFast(fast, alone, fail, outcomes)
  }

  // The rest, each on its own (after the batch: it reads what the batch wrote).
  await Promise.all(
    [...alone].map(async (i) => {
      if (outcomes[i]) return
      const job = jobs[i]
      try {
        outcomes[i] = { ok: true, value: await applyHeartbeatsAlone(job.userId, job.heartbeats, job.now, job.sentAt, job.known) }
      } catch (error) {
        fail(i, error)
      }
    }),
  )
  return outcomes.map((o) => o ?? { ok: false, error: new Error('heartbeat request left unanswered') })
}

/** Indexes of a bulk write's operations that failed (e.g. a guarded upsert meeting an existing record), or the error when the whole write failed. */
function failedIndexes(err: unknown): Set<number> {
  // Only refusals of single operations; a lost connection or a failed commit fails the batch.
  if (!(err instanceof mongo.MongoBulkWriteError) || classifyDbError(err) || err.writeConcernError) throw err
  const writeErrors = (err as { writeErrors?: { index: number }[] | { index: number } }).writeErrors
  const list = Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []
  if (list.length === 0) throw err
  return new Set(list.map((w) => w.index))
}

/** Steps 3–5 of applyBatch for the requests on the common path. */
async function applyFast(fast: FastJob[], alone: Set<number>, fail: (i: number, e: unknown) => void, outcomes: (JobOutcome<HeartbeatResult> | undefined)[]) {
  // 3a. Engagement clocks: a compare-and-set each. One that did not match (another instance
  // credited this reader meanwhile) wrote nothing; that request goes the one-request way.
  const crediting = fast.filter((f) => f.grant)
  if (crediting.length) {
    const res = await EngagementClock.collection.bulkWrite(
      crediting.map((f) => ({
        updateOne: { filter: { _id: f.userOid, creditedUntil: f.clockBefore }, update: grantUpdate(f.grant!) },
      })),
      { ordered: false, ...FOLLOWED_BY_DURABLE_WRITE },
    )
    if (res.matchedCount !== crediting.length) {
      const now = await EngagementClock.collection.find({ _id: { $in: crediting.map((f) => f.userOid) } }, { projection: { lastGrant: 1 } }).toArray()
      const granted = new Map(now.map((c) => [String(c._id), c.lastGrant as Grant | undefined]))
      for (const f of crediting) {
        const g = granted.get(f.job.userId)
        if (!g || g.session !== f.sessionId || g.seq !== f.grant!.seq || g.until.getTime() !== f.grant!.until.getTime()) alone.add(f.index)
      }
    }
  }
  let live = fast.filter((f) => !alone.has(f.index))

  // 3b. Progress: one guarded upsert each, recording the session's applied seq.
  if (live.length) {
    const ops = live.map((f) => {
      const guard = `applied.${f.sessionId}`
      const lastSeq = f.fresh.at(-1)!.seq
      return {
        updateOne: {
          filter: { userId: f.userOid, itemKey: f.key, [guard]: { $not: { $gte: lastSeq } } },
          update: {
            $max: { maxDepth: f.outcome.maxDepth, lastSeenAt: f.job.now, [guard]: lastSeq },
            $inc: { engagedSeconds: f.outcome.engagedTenths / 10 },
            $min: { firstOpenedAt: f.job.now },
            // The schema's defaults, which mongoose would add to an upsert (the driver does not).
            $setOnInsert: { campaignId: f.resolved.item.campaignId, departmentId: null as Types.ObjectId | null, completed: false },
          },
          upsert: true,
        },
      }
    })
    await Promise.all(
      live.map(async (f, i) => {
        ops[i].updateOne.update.$setOnInsert.departmentId = ((await f.reader.identity()).departmentId as Types.ObjectId | null) ?? null
      }),
    )
    let failed = new Set<number>()
    let upserted: Record<number, unknown> = {}
    try {
      const res = await ItemProgress.collection.bulkWrite(ops as never, { ordered: false, ...FOLLOWED_BY_DURABLE_WRITE })
      upserted = res.upsertedIds
    } catch (err) {
      failed = failedIndexes(err)
      upserted = (err as mongo.MongoBulkWriteError).result.upsertedIds
    }
    live.forEach((f, i) => {
      // Not written (its guard met a stored seq, or the record changed under it): the
      // one-request path reads it and finishes like a resend.
      if (failed.has(i) || i in upserted !== (f.before === null)) alone.add(f.index)
    })
    live = live.filter((f) => !alone.has(f.index))
  }

  // 3c. Completion and the reader's summary, per request (rare: opening or completing an item).
  const counted: FastJob[] = []
  await Promise.all(
    live.map(async (f) => {
      const engaged = f.outcome.engagedTenths / 10
      const b = f.before
      f.after = { maxDepth: Math.max(b?.maxDepth ?? 0, f.outcome.maxDepth), engagedSeconds: (b?.engagedSeconds ?? 0) + engaged, completed: !!b?.completed }
      counted.push(f) // its progress is stored: the counters follow it even if the rest fails
      try {
        const g = f.grant
        if (g)
          await onGranted({
            userId: f.job.userId,
            campaignId: f.resolved.item.campaignId,
            day: g.day,
            beforeTenths: f.dayTenthsBefore,
            afterTenths: f.dayTenthsBefore + g.tenths,
            at: f.job.now,
          })
        const firstOpen = !b
        const justCompleted = !b?.completed && (await completeIfDue(f.job.userId, f.key, f.after, f.resolved, f.job.now))
        if (justCompleted) f.after.completed = true
        if (firstOpen || justCompleted) {
          const campaignId = f.resolved.item.campaignId
          await recordItemProgress({ campaignId, userId: f.job.userId, itemKey: f.key, firstOpen, justCompleted, at: f.job.now, identity: await f.reader.identity() })
          if (justCompleted) await onItemCompleted({ userId: f.job.userId, itemKey: f.key, campaignId, at: f.job.now })
        }
      } catch (error) {
        fail(f.index, error)
      }
    }),
  )

  // 4. Item counters: the batch's increments summed per item.
  const incs = new Map<string, { campaignId: Types.ObjectId; inc: Record<string, number> }>()
  for (const f of counted) {
    const entry = incs.get(f.key) ?? { campaignId: f.resolved.item.campaignId, inc: {} }
    const oldDepth = f.before ? f.before.maxDepth : null
    const justCompleted = f.after!.completed && !f.before?.completed
    for (const [field, n] of Object.entries(statsIncrement({ firstOpen: !f.before, justCompleted, oldDepth, newDepth: f.after!.maxDepth, engaged: f.outcome.engagedTenths / 10 })))
      entry.inc[field] = (entry.inc[field] ?? 0) + n
    incs.set(f.key, entry)
  }
  const statOps = [...incs]
    .filter(([, e]) => Object.keys(e.inc).length)
    .map(([key, e]) => {
      // A new counter document starts with every count at 0, as the schema's defaults would have it.
      const zeros = Object.fromEntries(STATS_COUNTERS.filter((c) => !(c in e.inc)).map((c) => [c, 0]))
      return { updateOne: { filter: { _id: key }, update: { $inc: e.inc, $setOnInsert: { campaignId: e.campaignId, ...zeros } }, upsert: true } }
    })
  if (statOps.length) await ItemStats.collection.bulkWrite(statOps as never, { ordered: false, ...FOLLOWED_BY_DURABLE_WRITE })

  // 5. Sessions, last and durable: the acknowledgement covers every write above.
  const done = live.filter((f) => !outcomes[f.index])
  if (!done.length) return
  await ReadingSession.collection.bulkWrite(
    done.map((f) => {
      const s = f.outcome.session
      return {
        updateOne: {
          filter: { _id: f.sessionId },
          update: {
            $max: { lastSeq: s.lastSeq, lastAt: s.lastAt, ...(s.lastClientAt != null ? { lastClientAt: s.lastClientAt } : {}) },
            $setOnInsert: { userId: f.userOid, itemKey: f.key, startedAt: s.startedAt, creditFrom: s.creditFrom },
          },
          upsert: true,
        },
      }
    }) as never,
    { ordered: false, ...DURABLE },
  )
  for (const f of done) {
    const accepted = f.heartbeats.filter((hb) => !f.fresh.includes(hb)).concat(f.fresh)
    outcomes[f.index] = {
      ok: true,
      value: { accepted: accepted.map((hb) => ({ sessionId: f.sessionId, seq: hb.seq })), rejected: [], items: [{ itemKey: f.key, ...f.after! }] },
    }
  }
}
