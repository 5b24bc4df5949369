import { Types } from 'mongoose'
import type { AppDeps } from '../../deps'
import { badRequest, conflict, notFound } from '../../errors'
import { TtlCache } from '../../memo'
import { Department } from '../departments/model'
import { Media } from '../media/model'
import { getCampaign, getCurrentCampaign, toCampaignView } from '../campaigns/service'
import { recordArrival } from '../channels/service'
import { estimateReadingSeconds, itemKeyOf, noteReaderContact, progressFor, registerTrackableKind } from '../progress/service'
import { identityOf } from '../summary/service'
import type { AdminArticleListQuery } from '../../../contract/articles'
import { Article, type ArticleDoc } from './model'
import { deliveryCounts } from './push'
import { bodyNodes, plainText, renderArticleBody } from './render'

// Progress is recorded only on articles the reader may open (published, in their audience).
type TrackedArticle = { campaignId: Types.ObjectId; required: boolean; readingSeconds: number; audience: string[] }

/**
 * Published articles as heartbeats need them, cached briefly (every reader sends one every
 * ten seconds). Only published ones are kept, and every change this process makes to an
 * article forgets it, so a withdrawal here counts at once (on another instance within the TTL).
 */
const trackedArticles = new TtlCache<TrackedArticle | null>(10_000)
const forgetTracked = (id: string) => trackedArticles.forget(id)

// Progress is recorded only on articles the reader may open (published, in their audience).
registerTrackableKind('article', async (id, reader) => {
  const [{ departmentId }, a] = await Promise.all([
    reader.identity(),
    trackedArticles.get(id, async () => {
      const doc = await Article.findOne({ _id: id, status: 'published' }, { campaignId: 1, required: 1, readingSeconds: 1, audienceDepartmentIds: 1 }).lean()
      return doc ? { campaignId: doc.campaignId, required: !!doc.required, readingSeconds: doc.readingSeconds, audience: (doc.audienceDepartmentIds ?? []).map(String) } : null
    }),
  ])
  if (!a) {
    trackedArticles.forget(id) // unpublished now; not worth remembering
    return null
  }
  // The same rule as openableBy: no audience means everyone.
  if (a.audience.length && !(departmentId && a.audience.includes(String(departmentId)))) return null
  return { campaignId: a.campaignId, required: a.required, readingSeconds: a.readingSeconds }
})

const iso = (d?: Date | null) => (d ? d.toISOString() : null)

export function toAdminArticle(a: ArticleDoc) {
  return {
    id: String(a._id),
    campaignId: String(a.campaignId),
    title: a.title,
    summary: a.summary ?? '',
    coverImageId: a.coverImageId ? String(a.coverImageId) : null,
    bodyMarkdown: a.bodyMarkdown ?? '',
    bodyHtml: a.bodyHtml ?? '',
    tags: a.tags ?? [],
    required: !!a.required,
    audienceDepartmentIds: (a.audienceDepartmentIds ?? []).map(String),
    status: a.status,
    publishAt: iso(a.publishAt),
    publishedAt: iso(a.publishedAt),
    readingSeconds: a.readingSeconds,
    /** Published, and its subscription messages not queued yet. */
    pushPending: !!a.pushRequestedAt,
    updatedAt: a.updatedAt.toISOString(),
  }
}

async function renderFields(campaignId: string | Types.ObjectId, markdown: string) {
  const campaign = toCampaignView(await getCampaign(campaignId))
  const bodyHtml = renderArticleBody(markdown)
  return { bodyHtml, readingSeconds: estimateReadingSeconds(plainText(bodyHtml), campaign.settings.charsPerMinute) }
}

export interface ArticleInput {
  campaignId?: string
  title: string
  summary: string
  coverImageId: string | null
  bodyMarkdown: string
  tags: string[]
  required: boolean
  audienceDepartmentIds: string[]
}

/** References must point at real things before anything is written. */
async function checkReferences(input: Partial<ArticleInput>) {
  if (input.audienceDepartmentIds?.length) {
    const found = await Department.countDocuments({ _id: { $in: input.audienceDepartmentIds.map((d) => new Types.ObjectId(d)) } })
    if (found !== new Set(input.audienceDepartmentIds).size) throw badRequest('受众部门不存在', 'UNKNOWN_DEPARTMENT')
  }
  if (input.coverImageId && !(await Media.findById(input.coverImageId, { _id: 1 }).lean())) throw badRequest('封面图片不存在', 'UNKNOWN_MEDIA')
}

export async function createArticle(deps: AppDeps, authorId: string, input: ArticleInput) {
  await checkReferences(input)
  const campaignId = input.campaignId ?? String((await getCurrentCampaign(deps.clock.now()))._id)
  const rendered = await renderFields(campaignId, input.bodyMarkdown)
  const created = await Article.create({ ...input, campaignId, ...rendered, status: 'draft', authorId })
  return toAdminArticle(created.toObject() as ArticleDoc)
}

export async function updateArticle(id: string, patch: Partial<ArticleInput>) {
  forgetTracked(id)
  const current = await Article.findById(id).lean<ArticleDoc>()
  if (!current) throw notFound('文章不存在', 'ARTICLE_NOT_FOUND')
  if (current.status === 'archived') throw conflict('已归档的文章不能修改', 'ARTICLE_ARCHIVED')
  await checkReferences(patch)
  const update: Record<string, unknown> = { ...patch }
  if (patch.bodyMarkdown !== undefined) Object.assign(update, await renderFields(current.campaignId, patch.bodyMarkdown))
  const updated = await Article.findByIdAndUpdate(id, { $set: update }, { returnDocument: 'after', runValidators: true }).lean<ArticleDoc>()
  forgetTracked(id) // again: a heartbeat may have cached the old version meanwhile
  return toAdminArticle(updated!)
}

async function transition(id: string, from: ArticleDoc['status'][], set: Record<string, unknown>, unset: Record<string, 1> = {}) {
  forgetTracked(id)
  const updated = await Article.findOneAndUpdate(
    { _id: id, status: { $in: from } },
    { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) },
    { returnDocument: 'after' },
  ).lean<ArticleDoc>()
  forgetTracked(id)
  if (updated) return updated
  const exists = await Article.exists({ _id: id })
  if (!exists) throw notFound('文章不存在', 'ARTICLE_NOT_FOUND')
  throw conflict(`文章当前状态不允许此操作`, 'BAD_ARTICLE_STATE')
}

export async function scheduleArticle(deps: AppDeps, id: string, publishAt: Date) {
  if (publishAt.getTime() <= deps.clock.now().getTime()) throw badRequest('定时发布时间必须晚于现在', 'PUBLISH_AT_IN_PAST')
  return toAdminArticle(await transition(id, ['draft', 'scheduled'], { status: 'scheduled', publishAt }))
}

export async function unpublishArticle(id: string) {
  return toAdminArticle(await transition(id, ['published', 'scheduled'], { status: 'draft' }, { publishAt: 1 }))
}

export async function archiveArticle(id: string) {
  return toAdminArticle(await transition(id, ['draft', 'scheduled', 'published'], { status: 'archived' }))
}

/**
 * Publishes now. The status change is one conditional update that also requests the
 * subscription messages, which the push job sends (articles/push.ts): nothing is left
 * half-done by a crash, and a second click finds the article published (409).
 */
export async function publishArticle(deps: AppDeps, id: string) {
  const now = deps.clock.now()
  const article = await transition(id, ['draft', 'scheduled'], { status: 'published', publishedAt: now, pushRequestedAt: now })
  return toAdminArticle(article)
}

/**
 * Publishes every scheduled article that is due, each with a conditional update on its
 * status, so concurrent runners publish (and request pushes for) each article once.
 */
export async function publishDueArticles(_deps: AppDeps, at: Date): Promise<string[]> {
  const published: string[] = []
  const due = await Article.find({ status: 'scheduled', publishAt: { $lte: at } }, { _id: 1 })
    .sort({ publishAt: 1 })
    .lean()
  for (const candidate of due) {
    const res = await Article.updateOne(
      { _id: candidate._id, status: 'scheduled', publishAt: { $lte: at } },
      { $set: { status: 'published', publishedAt: at, pushRequestedAt: at } },
    )
    if (res.modifiedCount === 1) published.push(String(candidate._id))
  }
  return published
}

/** Published articles a reader of this department is in the audience of (unbound readers: whole-roster articles only). */
function openableBy(departmentId: Types.ObjectId | null) {
  const audience = departmentId ? [{ audienceDepartmentIds: { $size: 0 } }, { audienceDepartmentIds: departmentId }] : [{ audienceDepartmentIds: { $size: 0 } }]
  return { status: 'published' as const, $or: audience }
}

/** Published articles of the campaign the reader is in the audience of. */
async function visibleFilter(userId: string, campaignId: Types.ObjectId | string) {
  const { departmentId } = await identityOf(userId)
  return { campaignId, ...openableBy(departmentId) }
}

function readingState(p?: { maxDepth: number; completed: boolean }) {
  if (!p) return { state: 'unread' as const, depth: 0 }
  return { state: p.completed ? ('completed' as const) : ('reading' as const), depth: Math.round(p.maxDepth * 100) / 100 }
}

function toFeedItem(a: ArticleDoc, p?: { maxDepth: number; completed: boolean }) {
  return {
    id: String(a._id),
    title: a.title,
    summary: a.summary ?? '',
    coverUrl: a.coverImageId ? `/api/media/${a.coverImageId}` : null,
    tags: a.tags ?? [],
    required: !!a.required,
    publishedAt: iso(a.publishedAt),
    readingMinutes: Math.max(1, Math.round(a.readingSeconds / 60)),
    ...readingState(p),
  }
}

export async function readerFeed(deps: AppDeps, userId: string, opts: { campaignId?: string; page: number; pageSize: number }) {
  await noteReaderContact(userId, deps.clock.now())
  const campaignId = opts.campaignId ?? (await getCurrentCampaign(deps.clock.now()))._id
  const filter = await visibleFilter(userId, campaignId)
  const rows = await Article.find(filter, { bodyMarkdown: 0, bodyHtml: 0 })
    .sort({ publishedAt: -1, _id: -1 })
    .skip((opts.page - 1) * opts.pageSize)
    .limit(opts.pageSize + 1)
    .lean<ArticleDoc[]>()
  const pageRows = rows.slice(0, opts.pageSize)
  const progress = await progressFor(
    userId,
    pageRows.map((a) => itemKeyOf('article', String(a._id))),
  )
  return {
    items: pageRows.map((a) => toFeedItem(a, progress.get(itemKeyOf('article', String(a._id))))),
    page: opts.page,
    hasMore: rows.length > opts.pageSize,
  }
}

/** `arrival`: how the reader got here (our `ch` link parameter, WeChat's scene), recorded on their first open. */
export async function readerArticle(deps: AppDeps, userId: string, id: string, arrival: { ch?: string; scene?: number } = {}) {
  await noteReaderContact(userId, deps.clock.now())
  const { departmentId } = await identityOf(userId)
  const article = await Article.findOne({ _id: id, ...openableBy(departmentId) }).lean<ArticleDoc>()
  if (!article) throw notFound('文章不存在或已下线', 'ARTICLE_NOT_FOUND')
  const key = itemKeyOf('article', id)
  await recordArrival({ userId, campaignId: article.campaignId, itemKey: key, departmentId, ...arrival, at: deps.clock.now() })
  const p = (await progressFor(userId, [key])).get(key)
  return {
    ...toFeedItem(article, p),
    campaignId: String(article.campaignId),
    bodyHtml: article.bodyHtml,
    bodyNodes: bodyNodes(article.bodyHtml),
    status: article.status,
    completed: !!p?.completed,
  }
}

/** 我的学习进度: what I completed, what I started, which required articles remain. */
export async function myReadingProgress(deps: AppDeps, userId: string, campaignId?: string) {
  const cid = campaignId ?? (await getCurrentCampaign(deps.clock.now()))._id
  const articles = await Article.find(await visibleFilter(userId, cid), { bodyMarkdown: 0, bodyHtml: 0 })
    .sort({ publishedAt: -1 })
    .lean<ArticleDoc[]>()
  const progress = await progressFor(
    userId,
    articles.map((a) => itemKeyOf('article', String(a._id))),
  )
  const items = articles.map((a) => toFeedItem(a, progress.get(itemKeyOf('article', String(a._id)))))
  return {
    completed: items.filter((i) => i.state === 'completed'),
    inProgress: items.filter((i) => i.state === 'reading'),
    requiredRemaining: items.filter((i) => i.required && i.state !== 'completed'),
    totals: { published: items.length, completed: items.filter((i) => i.state === 'completed').length, required: items.filter((i) => i.required).length },
  }
}

/**
 * The admin list: one page of the campaign's articles, filtered by status and a title search,
 * with the total for the pager. Without a page it answers the first 200 (the mini-program's list).
 */
export async function adminListArticles(deps: AppDeps, opts: AdminArticleListQuery) {
  const campaignId = opts.campaignId ?? (await getCurrentCampaign(deps.clock.now()))._id
  const filter: Record<string, unknown> = { campaignId, ...(opts.status ? { status: opts.status } : {}) }
  if (opts.q) filter.title = { $regex: opts.q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), $options: 'i' }
  const pageSize = opts.pageSize ?? 200
  const skip = ((opts.page ?? 1) - 1) * pageSize
  const direction = opts.order === 'asc' ? 1 : -1
  const [rows, total] = await Promise.all([
    Article.find(filter)
      .sort({ [opts.sort ?? 'updatedAt']: direction, _id: direction })
      .skip(skip)
      .limit(pageSize)
      .lean<ArticleDoc[]>(),
    Article.countDocuments(filter),
  ])
  return { articles: rows.map(toAdminArticle), total }
}

/** The article for the editor, with its subscription messages by delivery status. */
export async function adminGetArticle(id: string) {
  const a = await Article.findById(id).lean<ArticleDoc>()
  if (!a) throw notFound('文章不存在', 'ARTICLE_NOT_FOUND')
  return { article: toAdminArticle(a), deliveries: await deliveryCounts(a._id) }
}
