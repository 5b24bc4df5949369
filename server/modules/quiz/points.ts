import type { Types } from 'mongoose'
import { shanghaiDay } from '../../clock'
import { isDuplicateKeyError } from '../../errors'
import { PointsEntry } from './model'

/** Study points per kind, with a daily cap per kind (学习强国-style). */
export const POINT_RULES = {
  article: { name: '阅读文章', points: 1, dailyCap: 6 },
  chapter: { name: '学习章节', points: 2, dailyCap: 6 },
  daily: { name: '每日一练', points: 5, dailyCap: 5 },
  exam: { name: '知识竞赛通过', points: 10, dailyCap: 10 },
  challenge: { name: '挑战答题', points: 1, dailyCap: 6 },
} as const
export type PointKind = keyof typeof POINT_RULES

/**
 * Awards points once per (user, kind, refKey); the day's total for a kind never exceeds its
 * cap. Returns the points actually awarded (0 when capped or already awarded).
 */
export async function awardPoints(userId: string | Types.ObjectId, campaignId: string | Types.ObjectId | null, kind: PointKind, refKey: string, at: Date, amount: number = POINT_RULES[kind].points): Promise<number> {
  const day = shanghaiDay(at)
  const today = await PointsEntry.find({ userId, kind, day }, { points: 1 }).lean()
  const earned = today.reduce((s, e) => s + e.points, 0)
  const points = Math.max(0, Math.min(amount, POINT_RULES[kind].dailyCap - earned))
  try {
    await PointsEntry.create({ userId, campaignId, kind, refKey, points, day, at })
  } catch (err) {
    if (isDuplicateKeyError(err)) return 0
    throw err
  }
  return points
}

export async function pointsSummary(userId: string, at: Date) {
  const day = shanghaiDay(at)
  const all = await PointsEntry.find({ userId }, { kind: 1, points: 1, day: 1 }).lean()
  const today = Object.entries(POINT_RULES).map(([kind, rule]) => ({
    kind,
    name: rule.name,
    earned: all.filter((e) => e.kind === kind && e.day === day).reduce((s, e) => s + e.points, 0),
    cap: rule.dailyCap,
  }))
  return { today, todayTotal: today.reduce((s, k) => s + k.earned, 0), total: all.reduce((s, e) => s + e.points, 0) }
}
