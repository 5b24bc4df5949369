import type { BankItemStatsOut, ItemHint } from '../../../contract/question-bank'

/**
 * Item statistics of the question bank over each reader's first answer to each question
 * (later answers are practice: they would make every item look easy).
 *
 * - facility: share of first answers that were right;
 * - discrimination: a reader's ability is their share right over all their first answers;
 *   among the readers who answered the item, facility in the top 27% by ability minus
 *   facility in the bottom 27% (group size round(0.27 × n), at least 1). Below
 *   MIN_FOR_DISCRIMINATION readers it is not reported.
 * - hints: the numbers read out in plain Chinese for the admin.
 */
export interface FirstAnswer {
  userId: string
  questionId: string
  correct: boolean
}

export const MIN_FOR_DISCRIMINATION = 10
/** Below this many readers a hint says the figures are only indicative. */
export const FEW_RESPONSES = 20
export const TOO_EASY = 0.9
export const TOO_HARD = 0.3
export const LOW_DISCRIMINATION = 0.2

const round = (x: number) => Math.round(x * 1000) / 1000
const pct = (x: number) => `${Math.round(x * 100)}%`
const share = (xs: boolean[]) => (xs.length ? xs.filter(Boolean).length / xs.length : 0)

export function bankItemStatistics(answers: readonly FirstAnswer[]): Map<string, BankItemStatsOut> {
  const byUser = new Map<string, boolean[]>()
  const byQuestion = new Map<string, FirstAnswer[]>()
  for (const a of answers) {
    if (!byUser.has(a.userId)) byUser.set(a.userId, [])
    byUser.get(a.userId)!.push(a.correct)
    if (!byQuestion.has(a.questionId)) byQuestion.set(a.questionId, [])
    byQuestion.get(a.questionId)!.push(a)
  }
  const ability = new Map([...byUser].map(([u, xs]) => [u, share(xs)]))
  const out = new Map<string, BankItemStatsOut>()
  for (const [questionId, rows] of byQuestion) {
    const facility = share(rows.map((r) => r.correct))
    let discrimination: number | null = null
    if (rows.length >= MIN_FOR_DISCRIMINATION) {
      // Ties in ability are broken by user id so the groups do not depend on answer order.
      const ranked = [...rows].sort((x, y) => ability.get(y.userId)! - ability.get(x.userId)! || (x.userId < y.userId ? -1 : 1))
      const size = Math.max(1, Math.round(rows.length * 0.27))
      discrimination = round(share(ranked.slice(0, size).map((r) => r.correct)) - share(ranked.slice(-size).map((r) => r.correct)))
    }
    const stats = { responses: rows.length, facility: round(facility), discrimination }
    out.set(questionId, { ...stats, hints: itemHints(stats) })
  }
  return out
}

/** Statistics of a question nobody has answered yet. */
export const NO_ANSWERS: BankItemStatsOut = { responses: 0, facility: null, discrimination: null, hints: [{ level: 'info', text: '还没有人作答' }] }

/** The figures in plain words, most important first. */
export function itemHints(s: { responses: number; facility: number | null; discrimination: number | null }): ItemHint[] {
  if (s.responses === 0 || s.facility === null) return NO_ANSWERS.hints
  const hints: ItemHint[] = []
  if (s.facility >= TOO_EASY) hints.push({ level: 'warning', text: `太容易：${pct(s.facility)} 答对` })
  else if (s.facility <= TOO_HARD) hints.push({ level: 'warning', text: `太难：只有 ${pct(s.facility)} 答对` })
  if (s.discrimination !== null && s.discrimination < 0) hints.push({ level: 'warning', text: '区分度为负：整体成绩好的人反而更常答错，请检查答案是否有误' })
  else if (s.discrimination !== null && s.discrimination < LOW_DISCRIMINATION) {
    hints.push({ level: 'warning', text: `区分度低：成绩好与成绩差的人答对率只差 ${pct(Math.max(0, s.discrimination))}` })
  }
  if (s.responses < FEW_RESPONSES) hints.push({ level: 'info', text: `仅 ${s.responses} 人作答，数据仅供参考` })
  return hints
}

/** Whether a question's statistics call for the admin's attention. */
export const isFlagged = (s: BankItemStatsOut) => s.hints.some((h) => h.level === 'warning')
