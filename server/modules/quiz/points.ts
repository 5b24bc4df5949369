import type { CreateOptions, Types } from 'mongoose'
import { shanghaiDay, shanghaiDayStart } from '../../clock'
import { isDuplicateKeyError } from '../../errors'
import type { WriteOptions } from '../../db/write-concern'
import { PointsDay, PointsEntry } from './model'

/** Study points per kind, with a daily cap per kind (学习强国-style). */
export const POINT_RULES = {
  article: { name: '阅读文章', points: 1, dailyCap: 6 },
  chapter: { name: '学习章节', points: 2, dailyCap: 6 },
  minutes: { name: '有效学习时长', points: 1, dailyCap: 6 },
  daily: { name: '每日一练', points: 5, dailyCap: 5 },
  exam: { name: '知识竞赛通过', points: 10, dailyCap: 10 },
  challenge: { name: '挑战答题', points: 1, dailyCap: 6 },
} as const
export type PointKind = keyof typeof POINT_RULES

/** 有效学习时长: one point per this many engaged minutes (reading articles and chapters), up to the kind's daily cap. */
export const MINUTES_PER_POINT = 5

/**
 * The 有效学习时长 points a rise of the day's engaged total earns: one award per whole step of
 * MINUTES_PER_POINT minutes crossed, each keyed by (day, step), so telling it again pays nothing.
 */
export async function awardEngagedMinutes(e: {
  userId: string
  campaignId: Types.ObjectId | null
  day: string
  beforeTenths: number
  afterTenths: number
  at: Date
  write?: WriteOptions
}): Promise<number> {
  const step = MINUTES_PER_POINT * 600
  const maxSteps = POINT_RULES.minutes.dailyCap / POINT_RULES.minutes.points
  const from = Math.floor(e.beforeTenths / step)
  const to = Math.min(Math.floor(e.afterTenths / step), maxSteps)
  // A resend after midnight counts on the day the time was credited.
  const at = shanghaiDay(e.at) === e.day ? e.at : shanghaiDayStart(e.day)
  let paid = 0
  for (let k = from + 1; k <= to; k++) paid += await awardPoints(e.userId, e.campaignId, 'minutes', `minutes:${e.day}:${k}`, at, undefined, e.write)
  return paid
}

/**
 * Awards points once per (user, kind, refKey); the day's total for a kind never exceeds its
 * cap, also under concurrent awards. Returns the points actually awarded (0 when capped or
 * already awarded; less than asked when only part of the cap is left).
 *
 * 1. The ledger entry (unique per user, kind, ref) is inserted first with 0 points: a repeat
 *    award, however concurrent, fails there and pays nothing.
 * 2. The day's counter document (user, kind, Shanghai day) is raised with a conditional
 *    $inc that only matches while there is room: {_id, total ≤ cap − give} → $inc give.
 *    A single-document update is atomic, so concurrent awards cannot overshoot the cap.
 * 3. The ledger entry records what was paid.
 * `write`: FOLLOWED_BY_DURABLE_WRITE when a durable write of the same request follows (heartbeats).
 */
export async function awardPoints(
  userId: string | Types.ObjectId,
  campaignId: string | Types.ObjectId | null,
  kind: PointKind,
  refKey: string,
  at: Date,
  amount: number = POINT_RULES[kind].points,
  write: WriteOptions = {},
): Promise<number> {
  const day = shanghaiDay(at)
  const cap = POINT_RULES[kind].dailyCap
  try {
    // mongoose passes `writeConcern` on to the insert; its CreateOptions type leaves it out.
    await PointsEntry.create([{ userId, campaignId, kind, refKey, points: 0, day, at }], write as CreateOptions)
  } catch (err) {
    if (isDuplicateKeyError(err)) return 0
    throw err
  }
  const counterId = `${userId}:${kind}:${day}`
  let total = await dayTotal(counterId, userId, kind, day, write)
  let paid = 0
  // Each failed round means another award took room, so this ends within `cap` rounds.
  for (let round = 0; round <= cap && paid === 0; round++) {
    const give = Math.min(amount, cap - total)
    if (give <= 0) break
    const res = await PointsDay.updateOne({ _id: counterId, total: { $lte: cap - give } }, { $inc: { total: give } }, write)
    if (res.modifiedCount === 1) paid = give
    else total = (await PointsDay.findById(counterId, { total: 1 }).lean())!.total
  }
  if (paid) await PointsEntry.updateOne({ userId, kind, refKey }, { $set: { points: paid } }, write)
  return paid
}

/** The day's counter, created on first use (seeded from ledger entries written before counters existed). */
async function dayTotal(counterId: string, userId: string | Types.ObjectId, kind: PointKind, day: string, write: WriteOptions): Promise<number> {
  const counter = await PointsDay.findById(counterId, { total: 1 }).lean()
  if (counter) return counter.total
  const earlier = (await PointsEntry.find({ userId, kind, day }, { points: 1 }).lean()).reduce((s, e) => s + e.points, 0)
  try {
    await PointsDay.updateOne({ _id: counterId }, { $setOnInsert: { userId, kind, day, total: earlier } }, { upsert: true, ...write })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err // created concurrently
  }
  return (await PointsDay.findById(counterId, { total: 1 }).lean())!.total
}

/** What the reader did today towards each task, counted where points cannot show it (the daily quiz pays once, at the end). */
export interface TaskActivity {
  dailyAnswered: number
  dailySize: number
  /** Engaged seconds credited today (progress module). */
  engagedSeconds: number
}

/**
 * Today's points per kind, and the same as tasks (学习强国-style) with progress in the task's
 * own unit: articles and chapters completed, engaged minutes, daily questions answered, challenge points,
 * exams passed. Each task is complete when its points reached the daily cap.
 */
export async function pointsSummary(userId: string, at: Date, activity: TaskActivity) {
  const day = shanghaiDay(at)
  const all = await PointsEntry.find({ userId }, { kind: 1, points: 1, day: 1 }).lean()
  const todays = (kind: PointKind) => all.filter((e) => e.kind === kind && e.day === day)
  const kinds = Object.keys(POINT_RULES) as PointKind[]
  const today = kinds.map((kind) => ({ kind, name: POINT_RULES[kind].name, earned: todays(kind).reduce((s, e) => s + e.points, 0), cap: POINT_RULES[kind].dailyCap }))
  const earned = new Map(today.map((k) => [k.kind, k.earned]))
  const paying = (kind: PointKind) => todays(kind).filter((e) => e.points > 0).length
  const task = (kind: PointKind, name: string, rule: string, done: number, target: number, unit: string) => {
    const got = earned.get(kind) ?? 0
    const cap = POINT_RULES[kind].dailyCap
    return { kind, name, rule, done: Math.min(done, target), target, unit, earned: got, cap, complete: got >= cap }
  }
  const r = POINT_RULES
  const tasks = [
    task('article', '阅读文章', `每读完一篇得 ${r.article.points} 分，每日上限 ${r.article.dailyCap} 分`, paying('article'), r.article.dailyCap / r.article.points, '篇'),
    task('chapter', '学习章节', `每读完一章得 ${r.chapter.points} 分，每日上限 ${r.chapter.dailyCap} 分`, paying('chapter'), r.chapter.dailyCap / r.chapter.points, '章'),
    task(
      'minutes',
      '有效学习时长',
      `阅读文章、学习章节每满 ${MINUTES_PER_POINT} 分钟得 ${r.minutes.points} 分，每日上限 ${r.minutes.dailyCap} 分`,
      Math.floor(activity.engagedSeconds / 60),
      (r.minutes.dailyCap / r.minutes.points) * MINUTES_PER_POINT,
      '分钟',
    ),
    task('daily', '每日一练', `答完今日 ${activity.dailySize} 题得 ${r.daily.points} 分`, activity.dailyAnswered, activity.dailySize, '题'),
    task('challenge', '挑战答题', `每连续答对 1 题得 ${r.challenge.points} 分，每日上限 ${r.challenge.dailyCap} 分`, earned.get('challenge') ?? 0, r.challenge.dailyCap, '分'),
    task('exam', '知识竞赛', `通过一场竞赛得 ${r.exam.points} 分，每日上限 ${r.exam.dailyCap} 分`, paying('exam'), r.exam.dailyCap / r.exam.points, '场'),
  ]
  return { today, tasks, todayTotal: today.reduce((s, k) => s + k.earned, 0), total: all.reduce((s, e) => s + e.points, 0) }
}
