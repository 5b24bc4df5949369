import { z } from 'zod'
import { dateTime, objectId } from './common'

const fields = {
  campaignId: objectId,
  title: z.string().trim().min(1, '请填写标题').max(100, '标题最多 100 个字'),
  summary: z.string().max(300, '摘要最多 300 个字'),
  coverImageId: objectId.nullable(),
  bodyMarkdown: z.string().max(100_000, '正文太长，请分成几篇'),
  tags: z.array(z.string().trim().min(1, '标签不能为空').max(20, '每个标签最多 20 个字')).max(10, '标签最多 10 个'),
  required: z.boolean(),
  audienceDepartmentIds: z.array(objectId).max(100),
}

export const articleCreate = z
  .object({
    ...fields,
    campaignId: objectId.optional(),
    summary: fields.summary.default(''),
    coverImageId: fields.coverImageId.default(null),
    bodyMarkdown: fields.bodyMarkdown.default(''),
    tags: fields.tags.default([]),
    required: fields.required.default(false),
    audienceDepartmentIds: fields.audienceDepartmentIds.default([]),
  })
  .strict()

export const articlePatch = z.object(fields).omit({ campaignId: true }).partial().strict()

export const scheduleInput = z.object({ publishAt: z.coerce.date() }).strict()

export const readingState = z.enum(['unread', 'reading', 'completed'])

export const articleStatus = z.enum(['draft', 'scheduled', 'published', 'archived'])
export const ARTICLE_STATUSES = articleStatus.options
export type ArticleStatus = z.infer<typeof articleStatus>

export const feedItemOut = z.strictObject({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  coverUrl: z.string().nullable(),
  tags: z.array(z.string()),
  required: z.boolean(),
  publishedAt: dateTime.nullable(),
  readingMinutes: z.number(),
  state: readingState,
  depth: z.number(),
})

/**
 * The article body as a tree the mini-program renders with its own components (images it
 * can preview on tap, links it can copy): a string is text, `t` a tag, `a` its attributes
 * (only those the sanitizer allows), `c` its children.
 */
type BodyNodeOut = string | { t: string; a?: Record<string, string>; c?: BodyNodeOut[] }
const bodyNode: z.ZodType<BodyNodeOut> = z.lazy(() =>
  z.union([z.string(), z.strictObject({ t: z.string(), a: z.record(z.string(), z.string()).optional(), c: z.array(bodyNode).optional() })]),
)

export const articleOut = feedItemOut.extend({
  campaignId: z.string(),
  bodyHtml: z.string(),
  /** The body as a tree for the mini-program's own rendering (tap to preview images, links to copy). */
  bodyNodes: z.array(bodyNode),
  status: articleStatus,
  completed: z.boolean(),
})

export const adminArticleOut = z.strictObject({
  id: z.string(),
  campaignId: z.string(),
  title: z.string(),
  summary: z.string(),
  coverImageId: z.string().nullable(),
  bodyMarkdown: z.string(),
  bodyHtml: z.string(),
  tags: z.array(z.string()),
  required: z.boolean(),
  audienceDepartmentIds: z.array(z.string()),
  status: articleStatus,
  publishAt: dateTime.nullable(),
  publishedAt: dateTime.nullable(),
  readingSeconds: z.number(),
  /** Published, and its subscription messages not queued by the push job yet. */
  pushPending: z.boolean(),
  updatedAt: dateTime,
})

export type FeedItemOut = z.infer<typeof feedItemOut>
export type ArticleOut = z.infer<typeof articleOut>
export type AdminArticleOut = z.infer<typeof adminArticleOut>
export type { BodyNodeOut }

export const feedOut = z.strictObject({ items: z.array(feedItemOut), page: z.number().int(), hasMore: z.boolean() })
export const articleEnvelope = z.strictObject({ article: articleOut })

export const readingProgressOut = z.strictObject({
  completed: z.array(feedItemOut),
  inProgress: z.array(feedItemOut),
  requiredRemaining: z.array(feedItemOut),
  totals: z.strictObject({ published: z.number().int(), completed: z.number().int(), required: z.number().int() }),
})
export type ReadingProgressOut = z.infer<typeof readingProgressOut>

/** The admin list's filters, sort and page (without `page`: the first 200, newest change first). */
export const adminArticleListQuery = z.object({
  campaignId: objectId.optional(),
  status: articleStatus.optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(1000).optional(),
  pageSize: z.coerce.number().int().min(1).max(100).optional(),
  sort: z.enum(['updatedAt', 'publishedAt', 'title']).optional(),
  order: z.enum(['asc', 'desc']).optional(),
})
/** `total`: how many articles match the filters (for the pager). */
export const adminArticleListOut = z.strictObject({ articles: z.array(adminArticleOut), total: z.number().int() })
export const adminArticleEnvelope = z.strictObject({ article: adminArticleOut })
/** The article to edit, with subscription message deliveries by outcome. */
export const adminArticleDetailOut = adminArticleEnvelope.extend({ deliveries: z.record(z.string(), z.number()) })
export type AdminArticleDetailOut = z.infer<typeof adminArticleDetailOut>
export const previewOut = z.strictObject({ html: z.string() })

const urlLink = z.strictObject({ url: z.string(), expiresAt: dateTime })
/** Ways into a published article: its mini-program paths and the URL Link made so far. */
export const articleEntryOut = z.strictObject({ paths: z.strictObject({ mp: z.string(), plain: z.string() }), urlLink: urlLink.nullable(), published: z.boolean() })
export type ArticleEntryOut = z.infer<typeof articleEntryOut>
export const urlLinkOut = z.strictObject({ urlLink })

/** An uploaded article image. */
export const mediaOut = z.strictObject({ id: z.string(), url: z.string(), width: z.number().int(), height: z.number().int() })
export type MediaOut = z.infer<typeof mediaOut>
export type ReadingState = z.infer<typeof readingState>
export type FeedOut = z.infer<typeof feedOut>
export type ArticleEnvelope = z.infer<typeof articleEnvelope>
export type AdminArticleListOut = z.infer<typeof adminArticleListOut>
export type AdminArticleListQuery = z.infer<typeof adminArticleListQuery>
export type AdminArticleEnvelope = z.infer<typeof adminArticleEnvelope>
export type PreviewOut = z.infer<typeof previewOut>
export type UrlLinkOut = z.infer<typeof urlLinkOut>
