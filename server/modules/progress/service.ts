import { Types } from 'mongoose'
import { isDuplicateKeyError } from '../../errors'
import type { CampaignView } from '../campaigns/service'
import { getCampaign, toCampaignView } from '../campaigns/service'
import { identityOf, recordItemProgress, type Identity } from '../summary/service'
import { EngagementClock, ItemProgress, ItemStats, ReadingSession } from './model'
import type { Heartbeat } from './schema'

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

type ClockState = { creditedUntil: Date }
type SessionState = { userId: Types.ObjectId; itemKey: string; startedAt: Date; creditFrom?: Date | null; lastAt: Date; lastClientAt?: number | null; lastSeq: number }

/**
 * Credits engagement on the reader's timeline (compare-and-set on creditedUntil). `clock` is
 * the caller's last known state, updated in place, so a batch reads the clock again only when
 * another request moved it.
 */
async function creditReader(userId: string, clock: ClockState, claimedSeconds: number, time: number, sessionFloor: number, now: Date): Promise<number> {
  if (claimedSeconds <= 0) return 0
  for (let attempt = 0; attempt < 50; attempt++) {
    if (attempt > 0) clock.creditedUntil = (await noteReaderContact(userId, now)).creditedUntil
    const grant = creditEngagement({ claimedSeconds, time, creditedUntil: clock.creditedUntil.getTime(), sessionFloor })
    if (grant.seconds === 0) return 0
    const until = new Date(grant.creditedUntil)
    const res = await EngagementClock.updateOne({ _id: userId, creditedUntil: clock.creditedUntil }, { $set: { creditedUntil: until } })
    if (res.modifiedCount === 1) {
      clock.creditedUntil = until
      return grant.seconds
    }
  }
  throw new Error(`engagement clock of ${userId} is contended`)
}

export interface HeartbeatResult {
  accepted: { sessionId: string; seq: number }[]
  rejected: { sessionId: string; seq: number; reason: string }[]
  items: { itemKey: string; maxDepth: number; engagedSeconds: number; completed: boolean }[]
}

/**
 * Applies a batch of heartbeats for one reader. Idempotent (a replayed (sessionId, seq)
 * changes nothing and is acknowledged again) and monotonic (depth only grows). Engaged time
 * is bounded by time (docs/architecture.md, "Progress"): within a session by the gaps between
 * its heartbeats' times, and across all of a reader's sessions and items by one timeline on
 * which credited engagement never overlaps and never runs ahead of the server clock. A
 * heartbeat is acknowledged only once it is stored.
 */
export async function applyHeartbeats(userId: string, batch: Heartbeat[], now: Date, sentAt?: number): Promise<HeartbeatResult> {
  const result: HeartbeatResult = { accepted: [], rejected: [], items: [] }
  const ordered = [...batch].sort((a, b) => (a.sessionId === b.sessionId ? a.seq - b.seq : a.sessionId < b.sessionId ? -1 : 1))

  const items = new Map<string, { item: TrackableItem; settings: CampaignView['settings'] } | null>()
  const campaigns = new Map<string, CampaignView['settings']>()
  const touched = new Set<string>()
  let identity: Promise<Identity> | null = null
  const reader: Reader = { userId, identity: () => (identity ??= identityOf(userId)) }
  const allowanceMs = FIRST_CONTACT_ALLOWANCE_S * 1000
  const clock: ClockState = { creditedUntil: (await noteReaderContact(userId, now)).creditedUntil }
  // Sessions as this batch last stored them: a session's later heartbeats in the batch need not read it again.
  const sessions = new Map<string, SessionState>()

  for (const hb of ordered) {
    const key = itemKeyOf(hb.item.kind, hb.item.id)
    if (!items.has(key)) {
      const resolver = resolvers.get(hb.item.kind)
      const item = resolver ? await resolver(hb.item.id, reader) : null
      let settings: CampaignView['settings'] | undefined
      if (item) {
        const cid = String(item.campaignId)
        settings = campaigns.get(cid) ?? toCampaignView(await getCampaign(cid)).settings
        campaigns.set(cid, settings)
      }
      items.set(key, item && settings ? { item, settings } : null)
    }
    const resolved = items.get(key)
    if (!resolved) {
      result.rejected.push({ sessionId: hb.sessionId, seq: hb.seq, reason: 'ITEM_NOT_FOUND' })
      continue
    }

    // 1. Claim the heartbeat in its session (replays and foreign sessions stop here).
    const session = sessions.get(hb.sessionId) ?? (await ReadingSession.findById(hb.sessionId, { userId: 1, itemKey: 1, startedAt: 1, creditFrom: 1, lastAt: 1, lastClientAt: 1, lastSeq: 1 }).lean())
    if (session && (String(session.userId) !== userId || session.itemKey !== key)) {
      result.rejected.push({ sessionId: hb.sessionId, seq: hb.seq, reason: 'SESSION_MISMATCH' })
      continue
    }
    if (session && hb.seq <= session.lastSeq) {
      result.accepted.push({ sessionId: hb.sessionId, seq: hb.seq }) // already stored
      continue
    }
    const when = effectiveTime(hb.at, session?.lastClientAt, now, sentAt)
    const clientAt = when.trusted ? hb.at : session?.lastClientAt
    let sessionFloor: number
    let stored: SessionState
    if (!session) {
      sessionFloor = when.time - allowanceMs
      stored = { userId: new Types.ObjectId(userId), itemKey: key, startedAt: now, creditFrom: new Date(sessionFloor), lastAt: new Date(when.time), lastClientAt: clientAt, lastSeq: hb.seq }
      try {
        await ReadingSession.create({ _id: hb.sessionId, ...stored })
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err
        continue // a concurrent request created it first; the client will resend and be told it is stored
      }
    } else {
      // Sessions stored before creditFrom existed start their allowance at their first heartbeat.
      const creditFrom = (session.creditFrom ?? new Date(session.startedAt.getTime() - allowanceMs)).getTime()
      // Trusted times: no more engagement than the gap since the session's previous heartbeat.
      sessionFloor = when.trusted ? Math.max(creditFrom, session.lastAt.getTime()) : creditFrom
      stored = { ...session, lastSeq: hb.seq, lastAt: new Date(Math.max(when.time, session.lastAt.getTime())), lastClientAt: clientAt }
      const claimed = await ReadingSession.updateOne(
        { _id: hb.sessionId, lastSeq: session.lastSeq },
        { $set: { lastSeq: stored.lastSeq, lastAt: stored.lastAt, ...(clientAt != null ? { lastClientAt: clientAt } : {}) } },
      )
      if (claimed.modifiedCount === 0) {
        sessions.delete(hb.sessionId) // another request moved it on: read it again next time
        continue
      }
    }
    sessions.set(hb.sessionId, stored)
    const engaged = await creditReader(userId, clock, hb.engagedSeconds, when.time, sessionFloor, now)

    // 2. Apply it to the reader's progress on the item.
    const { departmentId } = await reader.identity()
    const before = await ItemProgress.findOneAndUpdate(
      { userId, itemKey: key },
      {
        $max: { maxDepth: hb.depth, lastSeenAt: now },
        $inc: { engagedSeconds: engaged },
        $min: { firstOpenedAt: now },
        $setOnInsert: { campaignId: resolved.item.campaignId, departmentId },
      },
      { upsert: true, returnDocument: 'before' },
    ).lean()
    const oldDepth = before?.maxDepth ?? 0
    const after = { maxDepth: Math.max(oldDepth, hb.depth), engagedSeconds: (before?.engagedSeconds ?? 0) + engaged }
    // Opening and completing count once each, decided by single-document writes (atomic, see
    // docs/database.md): the upsert that created the record, and the update that flips `completed`.
    const firstOpen = !before
    touched.add(key)

    let justCompleted = false
    if (!before?.completed && isCompleted(after, resolved.item.readingSeconds, resolved.settings)) {
      const flipped = await ItemProgress.updateOne({ userId, itemKey: key, completed: { $ne: true } }, { $set: { completed: true, completedAt: now } })
      justCompleted = flipped.modifiedCount === 1
    }
    await bumpItemStats(resolved.item.campaignId, key, { firstOpen, justCompleted, oldDepth: before ? oldDepth : null, newDepth: after.maxDepth, engaged })
    if (firstOpen || justCompleted) {
      await recordItemProgress({ campaignId: resolved.item.campaignId, userId, itemKey: key, firstOpen, justCompleted, at: now, identity: await reader.identity() })
      if (justCompleted) await onItemCompleted({ userId, itemKey: key, campaignId: resolved.item.campaignId, at: now })
    }
    result.accepted.push({ sessionId: hb.sessionId, seq: hb.seq })
  }

  if (touched.size) {
    const rows = await ItemProgress.find({ userId, itemKey: { $in: [...touched] } }).lean()
    result.items = rows.map((r) => ({ itemKey: r.itemKey, maxDepth: r.maxDepth, engagedSeconds: r.engagedSeconds, completed: r.completed }))
  }
  return result
}

type CompletionListener = (e: { userId: string; itemKey: string; campaignId: Types.ObjectId; at: Date }) => Promise<void>
const completionListeners: CompletionListener[] = []

/** Other features react to completions (e.g. study points) without progress knowing them. */
export function onCompletion(listener: CompletionListener): void {
  completionListeners.push(listener)
}

async function onItemCompleted(e: Parameters<CompletionListener>[0]): Promise<void> {
  for (const listener of completionListeners) await listener(e)
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
async function bumpItemStats(
  campaignId: Types.ObjectId,
  itemKey: string,
  c: { firstOpen: boolean; justCompleted: boolean; oldDepth: number | null; newDepth: number; engaged: number },
): Promise<void> {
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
  if (Object.keys(inc).length === 0) return
  await ItemStats.updateOne({ _id: itemKey }, { $inc: inc, $setOnInsert: { campaignId } }, { upsert: true })
}
