/**
 * The exam editor's rules in plain TypeScript (unit tested in tests/client/quiz-exam-form.test.ts):
 * form state ⇄ the API's exam body, with the checks the admin should see before saving.
 * The server checks again (window, and whether the bank can fill the blueprint).
 */
import type { QuestionType } from '@contract/quiz'
import { beijingMoment, beijingParts } from '../../services/datetime'

export type { QuestionType }

export interface RuleDraft {
  chapterId: string | null
  type: QuestionType | null
  count: string
  points: string
}

export interface ExamDraft {
  title: string
  description: string
  rules: RuleDraft[]
  minutes: string
  maxAttempts: string
  opensDate: string
  opensTime: string
  closes: boolean
  closesDate: string
  closesTime: string
  /** Pass mark in percent. */
  passPercent: string
  maxLeaves: string
  shuffleQuestions: boolean
  shuffleOptions: boolean
  partialCredit: boolean
  lateSubmission: 'refuse' | 'score-at-limit'
  published: boolean
}

export interface ExamBody {
  title: string
  description: string
  blueprint: { chapterId: string | null; type: QuestionType | null; count: number; points: number }[]
  timeLimitSeconds: number
  maxAttempts: number
  opensAt: string
  closesAt: string | null
  passMark: number
  maxLeaves: number
  shuffleQuestions: boolean
  shuffleOptions: boolean
  partialCredit: boolean
  lateSubmission: 'refuse' | 'score-at-limit'
  published: boolean
}

export const TYPE_CHOICES: { value: QuestionType | null; label: string }[] = [
  { value: null, label: '全部题型' },
  { value: 'single', label: '单选' },
  { value: 'multiple', label: '多选' },
  { value: 'truefalse', label: '判断' },
]

export const LATE_CHOICES: { value: ExamDraft['lateSubmission']; label: string }[] = [
  { value: 'score-at-limit', label: '超时按时限内已保存的答案计分' },
  { value: 'refuse', label: '超时不予计分（交卷宽限几秒）' },
]

export function emptyDraft(now: Date): ExamDraft {
  const opens = beijingParts(now)
  const closes = beijingParts(new Date(now.getTime() + 7 * 24 * 3600_000))
  return {
    title: '',
    description: '',
    rules: [
      { chapterId: null, type: 'single', count: '10', points: '5' },
      { chapterId: null, type: 'multiple', count: '5', points: '6' },
      { chapterId: null, type: 'truefalse', count: '5', points: '4' },
    ],
    minutes: '20',
    maxAttempts: '3',
    opensDate: opens.date,
    opensTime: opens.time,
    closes: false,
    closesDate: closes.date,
    closesTime: closes.time,
    passPercent: '60',
    maxLeaves: '3',
    shuffleQuestions: true,
    shuffleOptions: true,
    partialCredit: false,
    lateSubmission: 'score-at-limit',
    published: false,
  }
}

/** An exam from the API as a draft, for editing. */
export function draftFromExam(e: ExamBody & { id?: string }): ExamDraft {
  const opens = beijingParts(new Date(e.opensAt))
  const closes = e.closesAt ? beijingParts(new Date(e.closesAt)) : beijingParts(new Date(new Date(e.opensAt).getTime() + 7 * 24 * 3600_000))
  return {
    title: e.title,
    description: e.description ?? '',
    rules: e.blueprint.map((r) => ({ chapterId: r.chapterId ?? null, type: r.type ?? null, count: String(r.count), points: String(r.points) })),
    minutes: String(Math.round(e.timeLimitSeconds / 60)),
    maxAttempts: String(e.maxAttempts),
    opensDate: opens.date,
    opensTime: opens.time,
    closes: !!e.closesAt,
    closesDate: closes.date,
    closesTime: closes.time,
    passPercent: String(Math.round(e.passMark * 100)),
    maxLeaves: String(e.maxLeaves),
    shuffleQuestions: e.shuffleQuestions,
    shuffleOptions: e.shuffleOptions,
    partialCredit: e.partialCredit,
    lateSubmission: e.lateSubmission,
    published: e.published,
  }
}

const whole = (v: string) => (/^\d+$/.test(v.trim()) ? Number(v.trim()) : NaN)
const decimal = (v: string) => (/^\d+(\.\d+)?$/.test(v.trim()) ? Number(v.trim()) : NaN)

/** The body to send, or the first problem to show. */
export function examBody(d: ExamDraft): { body: ExamBody; error: null } | { body: null; error: string } {
  const fail = (error: string) => ({ body: null, error }) as const
  if (!d.title.trim()) return fail('请填写竞赛名称')
  if (d.rules.length === 0) return fail('至少需要一条组卷规则')
  const blueprint: ExamBody['blueprint'] = []
  for (const [i, r] of d.rules.entries()) {
    const count = whole(r.count)
    const points = decimal(r.points)
    if (!(count >= 1 && count <= 100)) return fail(`第 ${i + 1} 条规则：题数须为 1–100 的整数`)
    if (!(points >= 0 && points <= 100)) return fail(`第 ${i + 1} 条规则：每题分值须为 0–100`)
    blueprint.push({ chapterId: r.chapterId, type: r.type, count, points })
  }
  const minutes = whole(d.minutes)
  if (!(minutes >= 1 && minutes <= 240)) return fail('答题时间须为 1–240 分钟')
  const maxAttempts = whole(d.maxAttempts)
  if (!(maxAttempts >= 1 && maxAttempts <= 20)) return fail('可参加次数须为 1–20')
  const opensAt = beijingMoment(d.opensDate, d.opensTime)
  if (!opensAt) return fail('开始时间无效')
  let closesAt: Date | null = null
  if (d.closes) {
    closesAt = beijingMoment(d.closesDate, d.closesTime)
    if (!closesAt) return fail('结束时间无效')
    if (closesAt <= opensAt) return fail('结束时间须晚于开始时间')
  }
  const pass = decimal(d.passPercent)
  if (!(pass >= 0 && pass <= 100)) return fail('及格线须为 0–100（%）')
  const maxLeaves = whole(d.maxLeaves)
  if (!(maxLeaves >= 0 && maxLeaves <= 20)) return fail('离开页面次数须为 0–20')
  return {
    error: null,
    body: {
      title: d.title.trim(),
      description: d.description.trim(),
      blueprint,
      timeLimitSeconds: minutes * 60,
      maxAttempts,
      opensAt: opensAt.toISOString(),
      closesAt: closesAt ? closesAt.toISOString() : null,
      passMark: Math.round(pass * 100) / 10000,
      maxLeaves,
      shuffleQuestions: d.shuffleQuestions,
      shuffleOptions: d.shuffleOptions,
      partialCredit: d.partialCredit,
      lateSubmission: d.lateSubmission,
      published: d.published,
    },
  }
}

/** Total questions and points of a draft's blueprint (shown under the rules). */
export function blueprintTotals(rules: RuleDraft[]): { questions: number; points: number } {
  return rules.reduce((t, r) => ({ questions: t.questions + (whole(r.count) || 0), points: t.points + (whole(r.count) || 0) * (decimal(r.points) || 0) }), {
    questions: 0,
    points: 0,
  })
}
