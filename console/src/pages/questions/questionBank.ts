import type { AdminQuestionOut, AdminQuestionQuery, BankItemStatsOut, QuestionEdit } from '@contract/question-bank'

export type QuestionType = QuestionEdit['type']

/** What the question table hands over: its page, the search form's values and the clicked column sort. */
export interface QuestionTableParams {
  current?: number
  pageSize?: number
  stem?: string
  chapterId?: string
  type?: string
  state?: string
  flagged?: string
}
export type TableSort = Record<string, 'ascend' | 'descend' | null>

const SORT_BY_COLUMN: Record<string, AdminQuestionQuery['sort']> = { facility: 'facility', discrimination: 'discrimination', responses: 'responses' }
const TYPES: QuestionType[] = ['single', 'multiple', 'truefalse']

/** The table's state → GET /api/admin/questions query. */
export function questionListQuery(params: QuestionTableParams, sort: TableSort): Partial<AdminQuestionQuery> {
  const [column, direction] = Object.entries(sort).find(([, d]) => d) ?? []
  const sortKey = column ? SORT_BY_COLUMN[column] : undefined
  const type = TYPES.find((t) => t === params.type)
  const state = (['active', 'retired', 'all'] as const).find((s) => s === params.state)
  return {
    page: params.current ?? 1,
    pageSize: params.pageSize ?? 20,
    ...(params.stem?.trim() ? { q: params.stem.trim() } : {}),
    ...(params.chapterId ? { chapterId: params.chapterId } : {}),
    ...(type ? { type } : {}),
    ...(state ? { state } : {}),
    ...(params.flagged === 'true' ? { flagged: 'true' as const } : {}),
    ...(sortKey ? { sort: sortKey, order: direction === 'descend' ? ('desc' as const) : ('asc' as const) } : {}),
  }
}

/** The edit form's values: options as a list of texts, the answer as option positions. */
export interface QuestionFormValues {
  chapterId: string
  type: QuestionType
  stem: string
  options: string[]
  answer: number[]
  explanation: string
  basis: string
  difficulty: number
  tags: string[]
}

export const TRUE_FALSE_OPTIONS = ['正确', '错误']

export function formValuesOf(q: AdminQuestionOut): QuestionFormValues {
  return {
    chapterId: q.chapterId,
    type: q.type,
    stem: q.stem,
    options: [...q.options],
    answer: [...q.answer],
    explanation: q.explanation,
    basis: q.basis,
    difficulty: q.difficulty,
    tags: [...q.tags],
  }
}

/** The form's values as the PUT body (trimmed; a true/false question always has 正确/错误). */
export function questionEditOf(v: QuestionFormValues): QuestionEdit {
  const options = v.type === 'truefalse' ? TRUE_FALSE_OPTIONS : v.options.map((o) => (o ?? '').trim())
  const answer = [...new Set(v.answer ?? [])].sort((a, b) => a - b)
  return {
    chapterId: v.chapterId,
    type: v.type,
    stem: v.stem.trim(),
    options,
    answer: v.type === 'multiple' ? answer : answer.slice(0, 1),
    explanation: v.explanation.trim(),
    basis: v.basis.trim(),
    difficulty: v.difficulty,
    tags: (v.tags ?? []).map((t) => t.trim()).filter(Boolean),
  }
}

/** Option letters as admins read them: A, B, C… */
export const optionLetter = (index: number) => String.fromCharCode(65 + index)

export const percent = (x: number | null) => (x === null ? '—' : `${Math.round(x * 100)}%`)
export const discriminationText = (x: number | null) => (x === null ? '—' : x.toFixed(2))

/** The statistics cell: the figures read out, warnings first. */
export function statsSummary(s: BankItemStatsOut): string {
  if (s.responses === 0) return '还没有人作答'
  return `${s.responses} 人作答，答对率 ${percent(s.facility)}，区分度 ${discriminationText(s.discrimination)}`
}
