import { z } from 'zod'
import { dateTime, pageInfo } from './common'

/** A tip's workflow states: the one definition the server, its model and the clients use. */
export const tipStatus = z.enum(['received', 'verifying', 'transferred', 'closed'])
export const TIP_STATUSES = tipStatus.options
export type TipStatus = z.infer<typeof tipStatus>

const text = (max: number) => z.string().trim().max(max)

export const tipInput = z
  .object({
    category: z.string().min(1).max(32),
    description: text(5000).min(10, '请至少用 10 个字描述发生了什么'),
    location: text(200).default(''),
    occurredAt: text(100).default(''),
    people: text(1000).default(''),
    anonymous: z.boolean().default(true),
    contact: z
      .object({ name: text(50).min(1, '请填写联系人'), phone: text(30).min(5, '请填写联系方式') })
      .strict()
      .optional(),
    /** The images to attach, as returned by POST /api/tips/attachments. Each must still be waiting. */
    attachmentIds: z
      .array(z.string().regex(/^[0-9a-f]{32}$/, '图片编号不正确'))
      .max(6, '每条举报最多附 6 张图片')
      .refine((ids) => new Set(ids).size === ids.length, '图片编号重复')
      .default([]),
  })
  .strict()
  .refine((v) => v.anonymous || v.contact, { message: '实名举报请填写联系方式', path: ['contact'] })
export type TipInput = z.infer<typeof tipInput>

export const trackInput = z
  .object({
    code: z.string().trim().min(1).max(40).meta({ title: '查询码' }),
    secret: z.string().trim().min(1).max(64),
  })
  .strict()

export const followUpInput = trackInput.extend({ message: text(3000).min(1) }).strict()

export const statusChange = z
  .object({
    status: tipStatus,
    /** Shown to the reporter on their timeline. */
    publicNote: text(200).optional(),
    /** Required when closing (已办结). */
    outcome: text(2000).optional(),
  })
  .strict()

const page = z.coerce.number().int().min(1).max(10_000).default(1)
/** A Beijing calendar day. */
const day = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式应为 YYYY-MM-DD')
/** A Beijing calendar month. */
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')

export const inboxQuery = z.object({
  status: tipStatus.optional(),
  /** Newest first (default) or oldest first. */
  order: z.enum(['desc', 'asc']).default('desc'),
  category: z.string().max(32).optional(),
  /** First and last day received (Beijing time), both included. */
  from: day.optional(),
  to: day.optional(),
  page,
})

export const auditQuery = z.object({ page })

/** Whole months only (Beijing time), both included: counts finer than a month could date a tip. */
export const statsQuery = z.object({
  campaignId: z
    .string()
    .regex(/^[0-9a-f]{24}$/i)
    .optional(),
  from: month.optional(),
  to: month.optional(),
})

// ---------- answers ----------

export const tipCategoriesOut = z.strictObject({ categories: z.array(z.strictObject({ code: z.string(), name: z.string() })) })
export const attachmentOut = z.strictObject({ attachmentId: z.string() })

/** What the reporter keeps to follow their tip: the code and the secret shown once. */
export const tipReceiptOut = z.strictObject({ trackingCode: z.string(), secret: z.string(), status: tipStatus })
export type TipReceiptOut = z.infer<typeof tipReceiptOut>

const timelineEntry = z.strictObject({ status: tipStatus.nullable(), statusName: z.string(), at: dateTime, note: z.string().nullable() })

/** The reporter's view: status and timeline, never the officers' notes. */
export const tipTimelineOut = z.strictObject({
  status: tipStatus,
  statusName: z.string(),
  category: z.string(),
  timeline: z.array(timelineEntry),
  followUps: z.number().int(),
  attachments: z.number().int(),
})
export type TipTimelineOut = z.infer<typeof tipTimelineOut>

/** Counts by category, status and month (whole months only). */
export const tipStatisticsOut = z.strictObject({
  total: z.number().int(),
  byCategory: z.record(z.string(), z.number()),
  byStatus: z.record(z.string(), z.number()),
  byMonth: z.record(z.string(), z.number()),
})

/** What the inbox row and the case page both show of a tip. */
const tipHeader = {
  id: z.string(),
  category: z.string(),
  /** The category as the campaign names it. */
  categoryName: z.string(),
  status: tipStatus,
  statusName: z.string(),
  anonymous: z.boolean(),
  receivedAt: dateTime,
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
}

export const inboxItemOut = z.strictObject({
  ...tipHeader,
  attachments: z.number().int(),
  excerpt: z.string(),
  /** The text could not be decrypted (key rotated away, data damaged). */
  unreadable: z.boolean(),
})
export type InboxItemOut = z.infer<typeof inboxItemOut>
export const inboxOut = z.strictObject({ tips: z.array(inboxItemOut), ...pageInfo })

export const officersOut = z.strictObject({ officers: z.array(z.strictObject({ id: z.string(), name: z.string() })) })

export const tipCaseOut = z.strictObject({
  ...tipHeader,
  description: z.string(),
  location: z.string(),
  occurredAt: z.string(),
  people: z.string(),
  contact: z.strictObject({ name: z.string(), phone: z.string() }).nullable(),
  outcome: z.string().nullable(),
  attachments: z.array(z.strictObject({ index: z.number().int(), contentType: z.string().nullish(), size: z.number().nullish() })),
  timeline: z.array(timelineEntry),
  followUps: z.array(z.strictObject({ at: dateTime, text: z.string() })),
  notes: z.array(z.strictObject({ at: dateTime, authorId: z.string(), authorName: z.string().nullable(), text: z.string() })),
  /** Fields that could not be decrypted. */
  unreadable: z.array(z.string()),
  /** Statuses this officer may move the case to (server/policy.ts): clients do not re-derive the workflow. */
  nextStatuses: z.array(tipStatus),
})
export type TipCaseOut = z.infer<typeof tipCaseOut>
export const tipCaseEnvelope = z.strictObject({ tip: tipCaseOut })

export const tipAuditEntryOut = z.strictObject({
  tipId: z.string().nullable(),
  actor: z.enum(['officer', 'reporter']),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  /** The action in Chinese, e.g. 查看图片. */
  actionName: z.string(),
  /** What happened in Chinese, without ids or state codes, e.g. 状态由“核查中”变更为“已办结”. */
  summary: z.string(),
  detail: z.string(),
  at: dateTime,
})
export type TipAuditEntryOut = z.infer<typeof tipAuditEntryOut>
export const tipAuditOut = z.strictObject({ entries: z.array(tipAuditEntryOut), ...pageInfo })
export type InboxOut = z.infer<typeof inboxOut>
export type OfficersOut = z.infer<typeof officersOut>
export type TipCaseEnvelope = z.infer<typeof tipCaseEnvelope>
export type TipAuditOut = z.infer<typeof tipAuditOut>
export type TipCategoriesOut = z.infer<typeof tipCategoriesOut>
export type AttachmentOut = z.infer<typeof attachmentOut>
