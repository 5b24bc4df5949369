import { z } from 'zod'
import { objectId } from '../campaigns/schema'

const fields = {
  campaignId: objectId,
  title: z.string().trim().min(1, '请填写标题').max(100),
  summary: z.string().max(300),
  coverImageId: objectId.nullable(),
  bodyMarkdown: z.string().max(100_000),
  tags: z.array(z.string().trim().min(1).max(20)).max(10),
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

export const feedItemOut = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  coverUrl: z.string().nullable(),
  tags: z.array(z.string()),
  required: z.boolean(),
  publishedAt: z.string().nullable(),
  readingMinutes: z.number(),
  state: readingState,
  depth: z.number(),
})

type BodyNodeOut = string | { t: string; a?: Record<string, string>; c?: BodyNodeOut[] }
const bodyNode: z.ZodType<BodyNodeOut> = z.lazy(() => z.union([z.string(), z.object({ t: z.string(), a: z.record(z.string(), z.string()).optional(), c: z.array(bodyNode).optional() })]))

export const articleOut = feedItemOut.extend({
  campaignId: z.string(),
  bodyHtml: z.string(),
  /** The body as a tree for the mini-program's own rendering (tap to preview images, links to copy). */
  bodyNodes: z.array(bodyNode),
  status: z.string(),
  completed: z.boolean(),
})

export const adminArticleOut = z.object({
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
  status: z.string(),
  publishAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  readingSeconds: z.number(),
  pushPending: z.boolean(),
  updatedAt: z.string(),
})
