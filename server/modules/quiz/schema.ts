import { z } from 'zod'
import { objectId } from '../campaigns/schema'

export const selection = z.array(z.string().regex(/^[a-h]$/)).max(8)
export const answerInput = z.object({ questionId: objectId, selected: selection.min(1, '请选择答案') }).strict()

export const examInput = z
  .object({
    campaignId: objectId.optional(),
    title: z.string().trim().min(1).max(60),
    description: z.string().max(500).default(''),
    blueprint: z
      .array(z.object({ chapterId: objectId.nullable().default(null), type: z.enum(['single', 'multiple', 'truefalse']).nullable().default(null), count: z.number().int().min(1).max(100), points: z.number().min(0).max(100) }).strict())
      .min(1)
      .max(20),
    timeLimitSeconds: z.number().int().min(30).max(4 * 3600),
    maxAttempts: z.number().int().min(1).max(20).default(3),
    opensAt: z.coerce.date(),
    closesAt: z.coerce.date().nullable().default(null),
    passMark: z.number().min(0).max(1).optional(),
    shuffleQuestions: z.boolean().default(true),
    shuffleOptions: z.boolean().default(true),
    partialCredit: z.boolean().default(false),
    maxLeaves: z.number().int().min(0).max(20).default(3),
    lateSubmission: z.enum(['refuse', 'score-at-limit']).default('score-at-limit'),
    published: z.boolean().default(false),
  })
  .strict()
  .refine((e) => !e.closesAt || e.closesAt > e.opensAt, { message: '结束时间须晚于开始时间', path: ['closesAt'] })
