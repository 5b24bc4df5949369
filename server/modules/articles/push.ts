import mongoose, { type Types } from 'mongoose'
import type { AppDeps } from '../../deps'
import { isDuplicateKeyError } from '../../errors'
import { newOwnerId } from '../../jobs/lease'
import { Person } from '../roster/model'
import { User } from '../users/model'
import { WechatApiError } from '../../wechat/client'
import { messageData } from '../../wechat/template'
import { Article, ArticleDelivery, type ArticleDoc, type DeliveryDoc } from './model'

/**
 * The push outbox. Publishing only marks an article (`pushRequestedAt`); the push job
 * (every minute, lease-locked like every job) then
 *  1. queues one delivery record per subscribed reader in the article's audience (unique per
 *     reader and article, so re-queuing after a crash adds nothing), and
 *  2. sends due deliveries in batches: queued ones, failed ones whose backoff is over, and
 *     ones left 'sending' by a sender that died (its lease expired).
 * Each delivery is taken with a conditional update (status and attempt count unchanged), so
 * two senders never send the same row. Taking over a stale 'sending' row could repeat a
 * message whose sender died after WeChat accepted it; WeChat subscriptions are one-time, so
 * WeChat itself refuses such a second message (43101) and the reader gets at most one.
 */

export const PUSH_BATCH = 100
export const PUSH_LEASE_MS = 2 * 60_000
/** Sending rounds per delivery (each round: one send, and one quick retry when WeChat is busy). */
export const MAX_PUSH_ATTEMPTS = 5
/** Wait before round n + 1 after round n failed. */
export const PUSH_BACKOFF_MS = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3600_000]
/** A run stops taking new deliveries after this much real time (the job's lease is a minute). */
const RUN_BUDGET_MS = 40_000
/** Chunk size for queuing a large audience. */
const QUEUE_CHUNK = 1000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Readers in the article's audience who accepted the news template. */
async function subscribedAudience(deps: AppDeps, article: ArticleDoc): Promise<Types.ObjectId[]> {
  const filter: Record<string, unknown> = { openid: { $exists: true }, subscriptions: deps.config.WECHAT_TEMPLATE_ID, disabled: { $ne: true } }
  if (article.audienceDepartmentIds?.length) {
    const personIds = await Person.distinct('_id', { departmentId: { $in: article.audienceDepartmentIds }, active: true })
    filter.personId = { $in: personIds }
  }
  return (await User.find(filter, { _id: 1 }).lean()).map((u) => u._id)
}

/** Inserts queued rows, skipping readers who already have one (also when a concurrent run inserts them first). */
async function insertQueued(articleId: Types.ObjectId, userIds: Types.ObjectId[], now: Date): Promise<number> {
  const existing = new Set((await ArticleDelivery.distinct('userId', { articleId, userId: { $in: userIds } })).map(String))
  const rows = userIds.filter((u) => !existing.has(String(u))).map((userId) => ({ articleId, userId, status: 'queued', nextAttemptAt: now }))
  if (!rows.length) return 0
  try {
    return (await ArticleDelivery.insertMany(rows, { ordered: false })).length
  } catch (err) {
    const writeErrors = (err as { writeErrors?: { err?: unknown }[] }).writeErrors
    const allDuplicates = writeErrors?.length ? writeErrors.every((e) => isDuplicateKeyError(e) || isDuplicateKeyError(e.err)) : isDuplicateKeyError(err)
    if (!allDuplicates) throw err
    return rows.length - (writeErrors?.length ?? 0)
  }
}

/** Step 1: turns push requests of published articles into queued deliveries. */
export async function queueRequestedPushes(deps: AppDeps, now: Date): Promise<number> {
  let queued = 0
  for (const article of await Article.find({ pushRequestedAt: { $ne: null } }).lean<ArticleDoc[]>()) {
    if (article.status === 'published') {
      const readers = await subscribedAudience(deps, article)
      for (let i = 0; i < readers.length; i += QUEUE_CHUNK) {
        const chunk = readers.slice(i, i + QUEUE_CHUNK)
        // Readers whose message was cancelled when the article was withdrawn get it now.
        const revived = await ArticleDelivery.updateMany(
          { articleId: article._id, status: 'cancelled', userId: { $in: chunk } },
          { $set: { status: 'queued', nextAttemptAt: now } },
        )
        queued += revived.modifiedCount + (await insertQueued(article._id, chunk, now))
      }
    }
    // Cleared only once everything is queued; a crash before this queues again (idempotently).
    await Article.updateOne({ _id: article._id, pushRequestedAt: article.pushRequestedAt }, { $set: { pushRequestedAt: null } })
  }
  return queued
}

/** Deliveries a sender may take now. */
function dueFilter(now: Date): Record<string, unknown> {
  return {
    $or: [
      { status: { $in: ['queued', 'failed'] }, nextAttemptAt: { $ne: null, $lte: now } },
      { status: 'sending', leaseUntil: { $lt: now } },
    ],
  }
}

const isTransient = (err: unknown) => !(err instanceof WechatApiError) || err.errcode === -1
/**
 * WeChat's answers that no later round can change, so the delivery is not retried:
 *  - 40003 invalid openid: this reader is unknown to WeChat; their consent is dropped too;
 *  - 47003 data format and 41030 invalid page: our message is wrong (template keys in
 *    WECHAT_TEMPLATE_FIELDS, or a page the released version lacks); every retry would fail
 *    the same way. Logged as errors; the reader's consent is kept (it was not used);
 *  - 40037 invalid template id (WECHAT_TEMPLATE_ID).
 * 43101 (the reader's consent is gone) is handled on its own: refused, consent dropped.
 * Token errors (40001/40014/42001) never get here: the client refreshes the token and retries.
 */
const READER_UNKNOWN = new Set([40003])
const OUR_MISTAKE = new Set([47003, 41030, 40037])
const isPermanent = (err: unknown) => err instanceof WechatApiError && (READER_UNKNOWN.has(err.errcode) || OUR_MISTAKE.has(err.errcode))

/** The page a news message opens: the article, with the channel it came by (see channels/channels.ts). */
export const articleMessagePage = (articleId: string | Types.ObjectId) => `pages/article/index?id=${articleId}&ch=sub`

export interface PushCounts {
  sent: number
  refused: number
  failed: number
  cancelled: number
}

/** Step 2: sends due deliveries in batches until none is due or the run's time is up. */
export async function sendDuePushes(deps: AppDeps, opts: { owner?: string; budgetMs?: number } = {}): Promise<PushCounts> {
  const owner = opts.owner ?? newOwnerId()
  const stopAt = Date.now() + (opts.budgetMs ?? RUN_BUDGET_MS)
  const counts: PushCounts = { sent: 0, refused: 0, failed: 0, cancelled: 0 }
  const articles = new Map<string, ArticleDoc | null>()
  for (;;) {
    const now = deps.clock.now()
    const due = await ArticleDelivery.find(dueFilter(now)).sort({ nextAttemptAt: 1 }).limit(PUSH_BATCH).lean<DeliveryDoc[]>()
    let taken = 0
    for (const row of due) {
      if (Date.now() > stopAt) return counts
      // Take the row: only if nobody changed it since we read it.
      const claimed = await ArticleDelivery.updateOne(
        { _id: row._id, status: row.status, attempts: row.attempts },
        { $set: { status: 'sending', owner, leaseUntil: new Date(deps.clock.now().getTime() + PUSH_LEASE_MS) }, $inc: { attempts: 1 } },
      )
      if (claimed.modifiedCount === 0) continue
      taken++
      const key = String(row.articleId)
      if (!articles.has(key)) articles.set(key, await Article.findById(row.articleId).lean<ArticleDoc>())
      const outcome = await deliver(deps, row, articles.get(key)!, owner)
      counts[outcome]++
    }
    if (due.length < PUSH_BATCH && taken === due.length) return counts
    if (taken === 0) return counts // everything due was taken by another sender
  }
}

/** Sends one taken delivery and records the outcome. */
async function deliver(deps: AppDeps, row: DeliveryDoc, article: ArticleDoc | null, owner: string): Promise<keyof PushCounts> {
  const mine = { _id: row._id, owner, status: 'sending' as const }
  const finish = (set: Record<string, unknown>) => ArticleDelivery.updateOne(mine, { $set: { leaseUntil: null, ...set } })
  if (!article || article.status !== 'published') {
    await finish({ status: 'cancelled', nextAttemptAt: null })
    return 'cancelled'
  }
  const user = await User.findById(row.userId, { openid: 1 }).lean()
  const page = articleMessagePage(article._id)
  const attempts = row.attempts + 1 // sending rounds, counted when the row was taken
  let lastError: unknown
  // One quick retry within the round for WeChat being busy; later rounds wait for the backoff.
  for (let quick = 0; quick < 2; quick++) {
    if (quick > 0) await sleep(200)
    try {
      if (!user?.openid) throw new WechatApiError(40003, 'reader has no openid')
      await deps.wechat.sendSubscribeMessage({
        touser: user.openid,
        template_id: deps.config.WECHAT_TEMPLATE_ID,
        page,
        miniprogram_state: deps.config.WECHAT_MINIPROGRAM_STATE,
        data: messageData(deps.config, { title: article.title, summary: article.summary || '点击阅读全文', time: article.publishedAt ?? deps.clock.now() }),
      })
      await finish({ status: 'sent', sentAt: deps.clock.now(), page, nextAttemptAt: null, lastError: null })
      // One-time subscription: a sent message uses the reader's consent up.
      await User.updateOne({ _id: row.userId }, { $pull: { subscriptions: deps.config.WECHAT_TEMPLATE_ID } })
      return 'sent'
    } catch (err) {
      lastError = err
      if (err instanceof WechatApiError && err.errcode === 43101) {
        await finish({ status: 'refused', nextAttemptAt: null, lastError: err.message })
        await User.updateOne({ _id: row.userId }, { $pull: { subscriptions: deps.config.WECHAT_TEMPLATE_ID } })
        return 'refused'
      }
      if (!isTransient(err)) break
    }
  }
  // Later pushes to this reader would fail the same way: forget the subscription too.
  if (lastError instanceof WechatApiError && READER_UNKNOWN.has(lastError.errcode))
    await User.updateOne({ _id: row.userId }, { $pull: { subscriptions: deps.config.WECHAT_TEMPLATE_ID } })
  const retryIn = attempts < MAX_PUSH_ATTEMPTS && !isPermanent(lastError) ? PUSH_BACKOFF_MS[Math.min(attempts, PUSH_BACKOFF_MS.length) - 1] : null
  await finish({
    status: 'failed',
    nextAttemptAt: retryIn === null ? null : new Date(deps.clock.now().getTime() + retryIn),
    lastError: String((lastError as Error)?.message ?? lastError),
  })
  const where = { err: lastError, articleId: String(row.articleId), userId: String(row.userId), attempts, retry: retryIn !== null }
  if (lastError instanceof WechatApiError && OUR_MISTAKE.has(lastError.errcode)) {
    deps.logger.error(
      { ...where, templateId: deps.config.WECHAT_TEMPLATE_ID, fields: deps.config.WECHAT_TEMPLATE_FIELDS, page },
      'subscription message refused: check WECHAT_TEMPLATE_ID / WECHAT_TEMPLATE_FIELDS / the released pages',
    )
  } else deps.logger.warn(where, 'subscription message not sent')
  return 'failed'
}

/** Delivery records of one article by status, for the editor. */
export async function deliveryCounts(articleId: string | Types.ObjectId): Promise<Record<string, number>> {
  const rows = await ArticleDelivery.aggregate<{ _id: string; n: number }>([
    { $match: { articleId: new mongoose.Types.ObjectId(String(articleId)) } },
    { $group: { _id: '$status', n: { $sum: 1 } } },
  ])
  return Object.fromEntries(rows.map((r) => [r._id, r.n]))
}
