import { z } from 'zod'
import { TIP_STATUSES } from './model'

const text = (max: number) => z.string().trim().max(max)

export const tipInput = z
  .object({
    category: z.string().min(1).max(32),
    description: text(5000).min(10, '请至少用 10 个字描述发生了什么'),
    location: text(200).default(''),
    occurredAt: text(100).default(''),
    people: text(1000).default(''),
    anonymous: z.boolean().default(true),
    contact: z.object({ name: text(50).min(1, '请填写联系人'), phone: text(30).min(5, '请填写联系方式') }).strict().optional(),
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
    code: z.string().trim().min(1).max(40),
    secret: z.string().trim().min(1).max(64),
  })
  .strict()

export const followUpInput = trackInput.extend({ message: text(3000).min(1) }).strict()

export const statusChange = z
  .object({
    status: z.enum(TIP_STATUSES),
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
  status: z.enum(TIP_STATUSES).optional(),
  category: z.string().max(32).optional(),
  /** First and last day received (Beijing time), both included. */
  from: day.optional(),
  to: day.optional(),
  page,
})

export const auditQuery = z.object({ page })

/** Whole months only (Beijing time), both included: counts finer than a month could date a tip. */
export const statsQuery = z.object({ campaignId: z.string().regex(/^[0-9a-f]{24}$/i).optional(), from: month.optional(), to: month.optional() })
