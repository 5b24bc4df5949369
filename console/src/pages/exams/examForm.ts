import dayjs, { type Dayjs } from 'dayjs'
import type { AdminExamOut, QuestionType } from '@contract/quiz'

/** The exam editor's values (antd form): minutes and percent as admins think of them, moments as dayjs. */
export interface ExamFormValues {
  title: string
  description: string
  blueprint: { chapterId: string | null; type: QuestionType | null; count: number; points: number }[]
  minutes: number
  maxAttempts: number
  opensAt: Dayjs
  closesAt: Dayjs | null
  passPercent: number
  maxLeaves: number
  shuffleQuestions: boolean
  shuffleOptions: boolean
  partialCredit: boolean
  lateSubmission: 'refuse' | 'score-at-limit'
  published: boolean
}

export const LATE_CHOICES = [
  { value: 'score-at-limit', label: '超时按时限内已保存的答案计分' },
  { value: 'refuse', label: '超时不予计分（交卷宽限几秒）' },
]

export function newExamValues(now: Date): ExamFormValues {
  return {
    title: '',
    description: '',
    blueprint: [
      { chapterId: null, type: 'single', count: 10, points: 5 },
      { chapterId: null, type: 'multiple', count: 5, points: 6 },
      { chapterId: null, type: 'truefalse', count: 5, points: 4 },
    ],
    minutes: 20,
    maxAttempts: 3,
    opensAt: dayjs(now).startOf('minute'),
    closesAt: dayjs(now).add(7, 'day').startOf('minute'),
    passPercent: 60,
    maxLeaves: 3,
    shuffleQuestions: true,
    shuffleOptions: true,
    partialCredit: false,
    lateSubmission: 'score-at-limit',
    published: false,
  }
}

export function examValuesOf(e: AdminExamOut): ExamFormValues {
  return {
    title: e.title,
    description: e.description,
    blueprint: e.blueprint.map((r) => ({ ...r })),
    minutes: Math.round(e.timeLimitSeconds / 60),
    maxAttempts: e.maxAttempts,
    opensAt: dayjs(e.opensAt),
    closesAt: e.closesAt ? dayjs(e.closesAt) : null,
    passPercent: Math.round(e.passMark * 1000) / 10,
    maxLeaves: e.maxLeaves,
    shuffleQuestions: e.shuffleQuestions,
    shuffleOptions: e.shuffleOptions,
    partialCredit: e.partialCredit,
    lateSubmission: e.lateSubmission,
    published: e.published,
  }
}

/** The values as the API's exam body. */
export function examBodyOf(v: ExamFormValues) {
  return {
    title: v.title.trim(),
    description: (v.description ?? '').trim(),
    blueprint: v.blueprint.map((r) => ({ chapterId: r.chapterId ?? null, type: r.type ?? null, count: r.count, points: r.points })),
    timeLimitSeconds: Math.round(v.minutes * 60),
    maxAttempts: v.maxAttempts,
    opensAt: v.opensAt.toISOString(),
    closesAt: v.closesAt ? v.closesAt.toISOString() : null,
    passMark: Math.round(v.passPercent * 100) / 10000,
    maxLeaves: v.maxLeaves,
    shuffleQuestions: v.shuffleQuestions,
    shuffleOptions: v.shuffleOptions,
    partialCredit: v.partialCredit,
    lateSubmission: v.lateSubmission,
    published: v.published,
  }
}

/** Server field names that the form shows under another field. */
export const EXAM_FIELD_ALIASES: Record<string, string> = { timeLimitSeconds: 'minutes', passMark: 'passPercent' }

/** Total questions and points of a blueprint. */
export function blueprintTotals(rules: readonly { count?: number | null; points?: number | null }[]): { questions: number; points: number } {
  let questions = 0
  let points = 0
  for (const r of rules) {
    questions += r?.count ?? 0
    points += (r?.count ?? 0) * (r?.points ?? 0)
  }
  return { questions, points: Math.round(points * 100) / 100 }
}

/** Where an exam stands for readers, in words. */
export function examState(e: Pick<AdminExamOut, 'published' | 'opensAt' | 'closesAt'>, now: Date): { text: string; color: string } {
  if (!e.published) return { text: '未发布', color: 'default' }
  if (new Date(e.opensAt) > now) return { text: '已发布，未开始', color: 'blue' }
  if (e.closesAt && new Date(e.closesAt) <= now) return { text: '已结束', color: 'default' }
  return { text: '进行中', color: 'green' }
}

/** Renames server field paths to the form's (timeLimitSeconds → minutes), for either detail shape. */
export function aliasDetails(details: unknown): unknown {
  if (!Array.isArray(details)) return details
  const rename = (dotted: string) => {
    const [head, ...rest] = dotted.split('.')
    return [EXAM_FIELD_ALIASES[head] ?? head, ...rest].join('.')
  }
  return details.map((d: { field?: unknown; path?: unknown }) => {
    if (typeof d.field === 'string') return { ...d, field: rename(d.field) }
    if (typeof d.path === 'string') {
      const [part, ...rest] = d.path.split('.')
      return { ...d, path: [part, rename(rest.join('.'))].join('.') }
    }
    return d
  })
}
