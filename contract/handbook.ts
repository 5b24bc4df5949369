import { z } from 'zod'
import { readingState } from './articles'
import { questionOut, questionType } from './quiz'

export const chapterItemOut = z.strictObject({
  id: z.string(),
  key: z.string(),
  title: z.string(),
  summary: z.string(),
  required: z.boolean(),
  questionCount: z.number().int(),
  readingMinutes: z.number(),
  state: readingState,
  depth: z.number(),
  /**
   * Progress towards completion (0–1): the lesser of depth ÷ the completion depth and engaged
   * time ÷ the time needed; 1 only once completed (the rule in docs/metrics.md).
   */
  progress: z.number(),
  /** Engaged seconds still needed, when the depth is there but the time is not yet. */
  remainingSeconds: z.number().int(),
})
export type ChapterItemOut = z.infer<typeof chapterItemOut>
export const chapterListOut = z.strictObject({ chapters: z.array(chapterItemOut) })

/** A chapter to study: its questions as cards with the answer shown. */
export const chapterCardsOut = z.strictObject({
  chapter: z.strictObject({
    id: z.string(),
    title: z.string(),
    summary: z.string(),
    cards: z.array(questionOut.extend({ answer: z.array(z.string()), explanation: z.string(), basis: z.string() })),
  }),
})
export type ChapterCardsOut = z.infer<typeof chapterCardsOut>

/** What an import did: rows read, rows valid, each refused row with its reasons. */
export const importReportOut = z.strictObject({
  report: z.strictObject({
    total: z.number().int(),
    valid: z.number().int(),
    errors: z.array(z.strictObject({ row: z.number().int(), reasons: z.array(z.string()) })),
    imported: z.number().int(),
  }),
})

/** The question bank in the import format (answers as option indexes). */
export const bankExportOut = z.strictObject({
  chapters: z.array(
    z.strictObject({
      key: z.string(),
      title: z.string(),
      summary: z.string(),
      questions: z.array(
        z.strictObject({
          type: questionType,
          stem: z.string(),
          options: z.array(z.string()),
          answer: z.array(z.number().int()),
          explanation: z.string(),
          basis: z.string(),
          difficulty: z.number(),
          tags: z.array(z.string()),
        }),
      ),
    }),
  ),
})
export type ChapterListOut = z.infer<typeof chapterListOut>
export type BankExportOut = z.infer<typeof bankExportOut>
export type ImportReportOut = z.infer<typeof importReportOut>
