import { z } from 'zod'
import { objectId } from '../campaigns/schema'

/** Option ids as readers see them (public ids, see publicOptionId). */
export const optionIdInput = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, '选项编号格式不正确')
export const selection = z.array(optionIdInput).max(8)
export const answerInput = z.object({ questionId: objectId, selected: selection.min(1, '请选择答案') }).strict()

const blueprintRule = z
  .object({
    chapterId: objectId.nullable().default(null),
    type: z.enum(['single', 'multiple', 'truefalse']).nullable().default(null),
    count: z.number().int().min(1).max(100),
    points: z.number().min(0).max(100),
  })
  .strict()

/** Field rules without defaults, shared by create (which adds defaults) and patch (which must not: zod 4 applies defaults inside .partial()). */
const examFields = {
  title: z.string().trim().min(1).max(60),
  description: z.string().max(500),
  blueprint: z.array(blueprintRule).min(1).max(20),
  timeLimitSeconds: z.number().int().min(30).max(4 * 3600),
  maxAttempts: z.number().int().min(1).max(20),
  opensAt: z.coerce.date(),
  closesAt: z.coerce.date().nullable(),
  passMark: z.number().min(0).max(1),
  shuffleQuestions: z.boolean(),
  shuffleOptions: z.boolean(),
  partialCredit: z.boolean(),
  maxLeaves: z.number().int().min(0).max(20),
  lateSubmission: z.enum(['refuse', 'score-at-limit']),
  published: z.boolean(),
}

const closesAfterOpens = (e: { opensAt?: Date; closesAt?: Date | null }) => !e.closesAt || !e.opensAt || e.closesAt > e.opensAt
const windowMessage = { message: '结束时间须晚于开始时间', path: ['closesAt'] }

export const examInput = z
  .object({
    ...examFields,
    campaignId: objectId.optional(),
    description: examFields.description.default(''),
    maxAttempts: examFields.maxAttempts.default(3),
    closesAt: examFields.closesAt.default(null),
    passMark: examFields.passMark.optional(),
    shuffleQuestions: examFields.shuffleQuestions.default(true),
    shuffleOptions: examFields.shuffleOptions.default(true),
    partialCredit: examFields.partialCredit.default(false),
    maxLeaves: examFields.maxLeaves.default(3),
    lateSubmission: examFields.lateSubmission.default('score-at-limit'),
    published: examFields.published.default(false),
  })
  .strict()
  .refine(closesAfterOpens, windowMessage)

/** PATCH: any field; the window is checked again against the stored exam in the service. */
export const examPatch = z.object(examFields).partial().strict().refine(closesAfterOpens, windowMessage)
