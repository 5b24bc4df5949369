import { z } from 'zod'
import { dateTime } from './common'

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

const tipCategory = z.object({ code: z.string().regex(/^[a-z0-9_-]{1,32}$/), name: z.string().min(1).max(32) }).strict()

/** Field rules without defaults, shared by create (which adds defaults) and patch (which must not). */
const campaignFields = {
  slug: z.string().regex(/^[a-z0-9-]{2,64}$/, 'slug 只能包含小写字母、数字和连字符'),
  title: z.string().trim().min(1).max(100),
  subtitle: z.string().max(200),
  description: z.string().max(4000),
  status: z.enum(['draft', 'active', 'closed']),
  startAt: z.coerce.date(),
  endAt: z.coerce.date().nullable(),
  settings: campaignSettingsInput,
  tipCategories: z.array(tipCategory).max(30),
}

export const campaignInput = z
  .object({
    ...campaignFields,
    subtitle: campaignFields.subtitle.default(''),
    description: campaignFields.description.default(''),
    status: campaignFields.status.default('active'),
    endAt: campaignFields.endAt.default(null),
    settings: campaignFields.settings.default({}),
    tipCategories: campaignFields.tipCategories.default([]),
  })
  .strict()

// zod 4 applies defaults inside .partial(), which would reset fields a PATCH does not name.
export const campaignPatch = z.object(campaignFields).partial().strict()

export const campaignOut = z.strictObject({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  subtitle: z.string(),
  description: z.string(),
  status: campaignFields.status,
  startAt: dateTime,
  endAt: dateTime.nullable(),
  /** Every setting, defaults filled in. */
  settings: campaignSettingsInput.required(),
  tipCategories: z.array(z.strictObject({ code: z.string(), name: z.string() })),
})

export type CampaignOut = z.infer<typeof campaignOut>
export const campaignEnvelope = z.strictObject({ campaign: campaignOut })
export const campaignListOut = z.strictObject({ campaigns: z.array(campaignOut) })
/** What the mini-program needs before sign-in: the subscription message templates to ask for. */
export const clientConfigOut = z.strictObject({ subscriptionTemplateIds: z.array(z.string()) })
export type CampaignEnvelope = z.infer<typeof campaignEnvelope>
export type ClientConfigOut = z.infer<typeof clientConfigOut>
