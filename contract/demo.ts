import { z } from 'zod'
import { dateTime } from './common'

/** How much demo data there is (GET /api/demo), or what DELETE /api/demo removed. */
export const demoCounts = z.strictObject({
  people: z.number().int(),
  readers: z.number().int(),
  accounts: z.number().int(),
  articles: z.number().int(),
  progress: z.number().int(),
  quizAttempts: z.number().int(),
  tips: z.number().int(),
})
export type DemoCountsOut = z.infer<typeof demoCounts>

/** GET /api/demo: whether the development install still carries the demo data. */
export const demoStatusOut = z.strictObject({
  present: z.boolean(),
  campaign: z.strictObject({ id: z.string(), title: z.string() }).nullable(),
  createdAt: dateTime.nullable(),
  removedAt: dateTime.nullable(),
  counts: demoCounts,
})
export type DemoStatusOut = z.infer<typeof demoStatusOut>

/** DELETE /api/demo: what was removed (all zero when there was nothing to remove). */
export const demoRemovalOut = z.strictObject({ removed: z.boolean(), counts: demoCounts })
export type DemoRemovalOut = z.infer<typeof demoRemovalOut>
