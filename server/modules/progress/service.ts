import type { Types } from 'mongoose'
import { claimOnce } from '../../db/claims'
import type { CampaignView } from '../campaigns/service'
import { getCampaign, toCampaignView } from '../campaigns/service'
import { identityOf, recordItemProgress } from '../summary/service'
import { ItemProgress, ItemStats, ReadingSession } from './model'
import type { Heartbeat } from './schema'

export type ItemKind = 'article' | 'chapter'

/** What progress tracking needs to know about a readable item. */
export interface TrackableItem {
  campaignId: Types.ObjectId
  required: boolean
  /** Estimated reading time at the campaign's characters-per-minute. */
  readingSeconds: number
}

type Resolver = (id: string) => Promise<TrackableItem | null>
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

/** A new session may claim at most one heartbeat interval (plus slack) before its first contact. */
export const FIRST_CONTACT_ALLOWANCE_S = 12

export interface HeartbeatResult {
  accepted: { sessionId: string; seq: number }[]
  rejected: { sessionId: string; seq: number; reason: string }[]
  items: { itemKey: string; maxDepth: number; engagedSeconds: number; completed: boolean }[]
}

/**
 * Applies a batch of heartbeats for one reader. Idempotent (a replayed (sessionId, seq)
 * changes nothing and is acknowledged again) and monotonic (depth only grows; a session's
 * engaged time never exceeds the server wall-clock time since it started, plus a small
 * first-contact allowance). A heartbeat is acknowledged only once it is stored.
 */
export async function applyHeartbeats(userId: string, batch: Heartbeat[], now: Date): Promise<HeartbeatResult> {
  const result: HeartbeatResult = { accepted: [], rejected: [], items: [] }
  const ordered = [...batch].sort((a, b) => (a.sessionId === b.sessionId ? a.seq - b.seq : a.sessionId < b.sessionId ? -1 : 1))

  const items = new Map<string, { item: TrackableItem; settings: CampaignView['settings'] } | null>()
  const campaigns = new Map<string, CampaignView['settings']>()
  const touched = new Set<string>()
  let identity: Awaited<ReturnType<typeof identityOf>> | null = null

  for (const hb of ordered) {
    const key = itemKeyOf(hb.item.kind, hb.item.id)
    if (!items.has(key)) {
      const resolver = resolvers.get(hb.item.kind)
      const item = resolver ? await resolver(hb.item.id) : null
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
    const session = await ReadingSession.findById(hb.sessionId).lean()
    if (session && (String(session.userId) !== userId || session.itemKey !== key)) {
      result.rejected.push({ sessionId: hb.sessionId, seq: hb.seq, reason: 'SESSION_MISMATCH' })
      continue
    }
    if (session && hb.seq <= session.lastSeq) {
      result.accepted.push({ sessionId: hb.sessionId, seq: hb.seq }) // already stored
      continue
    }
    const wallSeconds = session ? (now.getTime() - session.startedAt.getTime()) / 1000 : 0
    const budget = Math.max(0, wallSeconds + FIRST_CONTACT_ALLOWANCE_S - (session?.engagedSeconds ?? 0))
    const engaged = Math.round(Math.min(hb.engagedSeconds, budget) * 10) / 10

    if (!session) {
      try {
        await ReadingSession.create({ _id: hb.sessionId, userId, itemKey: key, startedAt: now, lastAt: now, lastSeq: hb.seq, engagedSeconds: engaged })
      } catch {
        continue // a concurrent request created it first; the client will resend and be told it is stored
      }
    } else {
      const claimed = await ReadingSession.updateOne(
        { _id: hb.sessionId, lastSeq: session.lastSeq },
        { $set: { lastSeq: hb.seq, lastAt: now }, $inc: { engagedSeconds: engaged } },
      )
      if (claimed.modifiedCount === 0) continue
    }

    // 2. Apply it to the reader's progress on the item.
    identity ??= await identityOf(userId)
    const before = await ItemProgress.findOneAndUpdate(
      { userId, itemKey: key },
      {
        $max: { maxDepth: hb.depth, lastSeenAt: now },
        $inc: { engagedSeconds: engaged },
        $min: { firstOpenedAt: now },
        $setOnInsert: { campaignId: resolved.item.campaignId, departmentId: identity.departmentId },
      },
      { upsert: true, returnDocument: 'before' },
    ).lean()
    const oldDepth = before?.maxDepth ?? 0
    const after = { maxDepth: Math.max(oldDepth, hb.depth), engagedSeconds: (before?.engagedSeconds ?? 0) + engaged }
    // Opening and completing count once each: claims, not conditional updates (server/db/claims.ts).
    const firstOpen = !before && (await claimOnce(`open:${userId}:${key}`, now))
    touched.add(key)

    let justCompleted = false
    if (!before?.completed && isCompleted(after, resolved.item.readingSeconds, resolved.settings)) {
      justCompleted = await claimOnce(`complete:${userId}:${key}`, now)
      if (justCompleted) await ItemProgress.updateOne({ userId, itemKey: key }, { $set: { completed: true, completedAt: now } })
    }
    await bumpItemStats(resolved.item.campaignId, key, { firstOpen, justCompleted, oldDepth: before ? oldDepth : null, newDepth: after.maxDepth, engaged })
    if (firstOpen || justCompleted) {
      await recordItemProgress({ campaignId: resolved.item.campaignId, userId, itemKey: key, firstOpen, justCompleted, at: now, identity })
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
