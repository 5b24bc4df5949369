import { z } from 'zod'
import { dateTime } from './common'
import { channel } from './channels'

/** A Beijing calendar month, YYYY-MM. */
export const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式为 YYYY-MM')

const counts = {
  roster: z.number().int(),
  reached: z.number().int(),
  readThrough: z.number().int(),
  quizPassed: z.number().int(),
  aware: z.number().int(),
  participating: z.number().int(),
}
const rates = {
  reachRate: z.number(),
  readThroughRate: z.number(),
  quizPassRate: z.number(),
  awarenessRate: z.number(),
  participationRate: z.number(),
}
/** The figures of a group of people: counts and their rates (0–1) over the roster. */
export const tallyOut = z.strictObject({ ...counts, ...rates })
export type TallyOut = z.infer<typeof tallyOut>

export const departmentRowOut = tallyOut.extend({
  departmentId: z.string(),
  name: z.string(),
  code: z.string(),
  /** Items required of this department's people. */
  requiredItems: z.number().int(),
  /** Null for a department with nobody on the roster (not ranked). */
  rank: z.number().int().nullable(),
})
export type DepartmentRowOut = z.infer<typeof departmentRowOut>

export const classRowOut = tallyOut.extend({ departmentId: z.string(), className: z.string() })
export type ClassRowOut = z.infer<typeof classRowOut>

export const dashboardOut = z.strictObject({
  month,
  /** Cumulative figures are as of this moment (the end of the month, or now). */
  asOf: dateTime,
  itemsAsOf: dateTime,
  computedAt: dateTime,
  stale: z.boolean(),
  campaign: z.strictObject({ id: z.string(), title: z.string() }),
  requiredItems: z.number().int(),
  overview: tallyOut,
  departments: z.array(departmentRowOut),
  classes: z.array(classRowOut),
  items: z.array(
    z.strictObject({
      itemKey: z.string(),
      kind: z.string(),
      title: z.string(),
      required: z.boolean(),
      opens: z.number().int(),
      completions: z.number().int(),
      averageDepth: z.number(),
      averageEngagedSeconds: z.number(),
      depthDeciles: z.array(z.number().int()),
    }),
  ),
  daily: z.array(z.strictObject({ day: z.string(), active: z.number().int(), completions: z.number().int(), quizAttempts: z.number().int(), firstOpens: z.number().int() })),
  quizzes: z.array(
    z.strictObject({ examId: z.string(), title: z.string(), attempts: z.number().int(), takers: z.number().int(), passed: z.number().int(), averageScoreRate: z.number() }),
  ),
  tips: z.strictObject({
    total: z.number().int(),
    byCategory: z.record(z.string(), z.number()),
    byStatus: z.record(z.string(), z.number()),
    byMonth: z.record(z.string(), z.number()),
  }),
})
export type DashboardOut = z.infer<typeof dashboardOut>

export const departmentMetricsOut = z.strictObject({
  month,
  computedAt: dateTime,
  department: departmentRowOut.nullable(),
  departmentsRanked: z.number().int(),
  classes: z.array(classRowOut),
})
export type DepartmentMetricsOut = z.infer<typeof departmentMetricsOut>

export const unreadPersonOut = z.strictObject({
  personId: z.string(),
  departmentId: z.string(),
  number: z.string(),
  name: z.string(),
  className: z.string().nullable(),
  type: z.string(),
  opened: z.boolean(),
  completedRequired: z.number().int(),
  required: z.number().int(),
})
export type UnreadPersonOut = z.infer<typeof unreadPersonOut>
export const unreadOut = z.strictObject({ people: z.array(unreadPersonOut), computedAt: dateTime, stale: z.boolean() })

export const remindOut = z.strictObject({
  unread: z.number().int(),
  subscribed: z.number().int(),
  sent: z.number().int(),
  alreadyRemindedToday: z.number().int(),
  failed: z.number().int(),
})

export const reportOut = z.strictObject({ month, version: z.number().int(), createdAt: dateTime, trigger: z.enum(['schedule', 'manual']) })
export type ReportOut = z.infer<typeof reportOut>
export const reportListOut = z.strictObject({ reports: z.array(reportOut) })
export const reportEnvelope = z.strictObject({ report: reportOut.extend({ id: z.string() }) })

export const channelRowOut = z.strictObject({
  channel,
  name: z.string(),
  /** First opens of items that came through this channel. */
  opens: z.number().int(),
  /** Distinct readers who opened at least one item through it. */
  readers: z.number().int(),
  /** Of those opens, how many were then read to completion. */
  completed: z.number().int(),
  /** completed / opens (0–1), null without opens. */
  readThrough: z.number().nullable(),
})
export type ChannelRowOut = z.infer<typeof channelRowOut>
export const channelMetricsOut = z.strictObject({
  channels: z.array(channelRowOut),
  departments: z.array(z.strictObject({ departmentId: z.string(), name: z.string(), channels: z.array(channelRowOut) })),
})
export type ChannelMetricsOut = z.infer<typeof channelMetricsOut>
export type UnreadOut = z.infer<typeof unreadOut>
export type RemindOut = z.infer<typeof remindOut>
export type ReportListOut = z.infer<typeof reportListOut>
