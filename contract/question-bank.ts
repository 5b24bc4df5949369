import { z } from 'zod'
import { objectId, pageInfo } from './common'
import { questionType } from './quiz'

/**
 * The question bank as the console manages it (handbook.manage): search, edit one question,
 * retire it, and its item statistics over every reader's first answer.
 */
export const questionSort = z.enum(['order', 'facility', 'discrimination', 'responses', 'updatedAt'])

export const adminQuestionQuery = z.object({
  /** Part of the stem, any case. */
  q: z.string().trim().max(64).optional(),
  chapterId: objectId.optional(),
  type: questionType.optional(),
  /** 'active' (default), 'retired' or 'all'. */
  state: z.enum(['active', 'retired', 'all']).default('active'),
  /** Only questions with a statistics hint (too easy, too hard, low discrimination). */
  flagged: z.enum(['true', 'false']).optional(),
  sort: questionSort.default('order'),
  order: z.enum(['asc', 'desc']).default('asc'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
})
export type AdminQuestionQuery = z.infer<typeof adminQuestionQuery>

const TRUE_FALSE = ['正确', '错误']

/** One question as the edit form sends it: options as texts, the answer as option positions. */
export const questionEdit = z
  .object({
    chapterId: objectId,
    type: questionType,
    stem: z.string().trim().min(1, '请填写题干').max(500, '题干最多 500 字'),
    options: z.array(z.string().trim().min(1, '选项不能为空').max(200, '选项最多 200 字')).min(2, '至少需要两个选项').max(8, '最多 8 个选项'),
    answer: z.array(z.number().int().min(0)).min(1, '请选择正确答案'),
    explanation: z.string().trim().min(1, '请填写解析').max(2000, '解析最多 2000 字'),
    basis: z.string().trim().min(1, '请填写依据').max(2000, '依据最多 2000 字'),
    difficulty: z.number().int().min(1, '难度为 1–3').max(3, '难度为 1–3'),
    tags: z.array(z.string().trim().min(1).max(20, '标签最多 20 字')).max(10, '最多 10 个标签').default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.type === 'truefalse' && (v.options.length !== 2 || v.options[0] !== TRUE_FALSE[0] || v.options[1] !== TRUE_FALSE[1])) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: '判断题的选项必须是“正确”“错误”' })
    }
    const seen = new Set<string>()
    v.options.forEach((o, i) => {
      if (seen.has(o)) ctx.addIssue({ code: 'custom', path: ['options', i], message: '选项重复' })
      seen.add(o)
    })
    if (v.answer.some((a) => a >= v.options.length)) ctx.addIssue({ code: 'custom', path: ['answer'], message: '答案不在选项范围内' })
    else if (new Set(v.answer).size !== v.answer.length) ctx.addIssue({ code: 'custom', path: ['answer'], message: '答案重复' })
    else if (v.type !== 'multiple' && v.answer.length !== 1) ctx.addIssue({ code: 'custom', path: ['answer'], message: '单选题和判断题只能有一个正确答案' })
    else if (v.type === 'multiple' && v.answer.length < 2) ctx.addIssue({ code: 'custom', path: ['answer'], message: '多选题至少两个正确答案' })
  })
export type QuestionEdit = z.infer<typeof questionEdit>

/** A plain-language reading of an item's statistics, e.g. { level: 'warning', text: '太容易：95% 答对' }. */
export const itemHint = z.strictObject({ level: z.enum(['info', 'warning']), text: z.string() })
export type ItemHint = z.infer<typeof itemHint>

export const bankItemStatsOut = z.strictObject({
  /** Readers counted (first answer of each). */
  responses: z.number().int(),
  /** Share of those first answers that were right (0–1); null without answers. */
  facility: z.number().nullable(),
  /** Facility in the top 27% of readers (by their share right over the bank) minus the bottom 27%; null with too few. */
  discrimination: z.number().nullable(),
  hints: z.array(itemHint),
})
export type BankItemStatsOut = z.infer<typeof bankItemStatsOut>

export const adminQuestionOut = z.strictObject({
  id: z.string(),
  chapterId: z.string(),
  chapterTitle: z.string(),
  type: questionType,
  typeName: z.string(),
  stem: z.string(),
  options: z.array(z.string()),
  answer: z.array(z.number().int()),
  explanation: z.string(),
  basis: z.string(),
  difficulty: z.number().int(),
  tags: z.array(z.string()),
  active: z.boolean(),
  stats: bankItemStatsOut,
})
export type AdminQuestionOut = z.infer<typeof adminQuestionOut>

export const adminQuestionListOut = z.strictObject({
  questions: z.array(adminQuestionOut),
  /** The campaign's chapters, for the filter and the edit form. */
  chapters: z.array(z.strictObject({ id: z.string(), title: z.string() })),
  ...pageInfo,
})
export type AdminQuestionListOut = z.infer<typeof adminQuestionListOut>
export const adminQuestionEnvelope = z.strictObject({ question: adminQuestionOut })
export type AdminQuestionEnvelope = z.infer<typeof adminQuestionEnvelope>
