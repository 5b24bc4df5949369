import { z } from 'zod'

export const objectId = z.string().regex(/^[0-9a-f]{24}$/i, '编号格式不正确')

export const campaignSettingsInput = z
  .object({
    passMark: z.number().min(0).max(1),
    completionDepth: z.number().min(0).max(1),
    minEngagedSeconds: z.number().min(0).max(3600),
    engagedShareOfReadingTime: z.number().min(0).max(1),
    charsPerMinute: z.number().int().min(50).max(5000),
    dailyQuizSize: z.number().int().min(1).max(50),
  })
  .partial()
  .strict()

export const campaignInput = z
  .object({
    slug: z.string().regex(/^[a-z0-9-]{2,64}$/, 'slug 只能包含小写字母、数字和连字符'),
    title: z.string().trim().min(1).max(100),
    subtitle: z.string().max(200).default(''),
    description: z.string().max(4000).default(''),
    status: z.enum(['draft', 'active', 'closed']).default('active'),
    startAt: z.coerce.date(),
    endAt: z.coerce.date().nullable().default(null),
    settings: campaignSettingsInput.default({}),
    tipCategories: z.array(z.object({ code: z.string().regex(/^[a-z0-9_-]{1,32}$/), name: z.string().min(1).max(32) }).strict()).max(30).default([]),
  })
  .strict()

export const campaignPatch = campaignInput.partial().strict()

export const campaignOut = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  subtitle: z.string(),
  description: z.string(),
  status: z.string(),
  startAt: z.string(),
  endAt: z.string().nullable(),
  settings: z.record(z.string(), z.number()),
  tipCategories: z.array(z.object({ code: z.string(), name: z.string() })),
})
