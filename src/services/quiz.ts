/** Shapes of the quiz API (from the contract, type-only) and small pure helpers the pages share. */
import { ApiError } from '@contract/api-error'
import type { JudgedOut, QuestionOut, RevealedOut } from '@contract/quiz'
import { ANSWER_HELD_BACK } from '@contract/quiz-codes'

export type QuizQuestion = QuestionOut
export type QuizOption = QuestionOut['options'][number]

/** What a question card shows once answered; study cards have no `correct` or `selected`. */
export type Revealed = RevealedOut & Partial<Pick<JudgedOut, 'correct'>> & { selected?: string[] }

export const TYPE_NAMES: Record<string, string> = { single: '单选', multiple: '多选', truefalse: '判断' }

/** Tapping an option: replaces the choice for single/true-false, toggles it for multiple choice. */
export function toggleOption(type: QuizQuestion['type'], selected: string[], optionId: string): string[] {
  if (type !== 'multiple') return [optionId]
  return selected.includes(optionId) ? selected.filter((id) => id !== optionId) : [...selected, optionId].sort()
}

/** Letters as shown to the reader (A, B, C…) for the answer, in the order the options are displayed. */
export function answerLetters(options: QuizOption[], answer: string[]): string {
  return options.map((o, i) => (answer.includes(o.id) ? String.fromCharCode(65 + i) : '')).join('')
}

/** mm:ss left until the deadline, measured against the server's clock. */
export function remainingLabel(deadlineIso: string, serverOffsetMs: number, nowMs: number): string {
  const left = Math.max(0, new Date(deadlineIso).getTime() - (nowMs + serverOffsetMs))
  const s = Math.floor(left / 1000)
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
}

/** "+N 积分" after an action that earned points; nothing when it earned none (capped or already paid). */
export function pointsToastTitle(points: number): string | null {
  return points > 0 ? `+${points} 积分` : null
}

/** Whole seconds as readers read a duration: 45 秒, 3 分 05 秒. */
export function durationLabel(seconds: number): string {
  const s = Math.max(0, Math.round(seconds))
  if (s < 60) return `${s} 秒`
  return `${Math.floor(s / 60)} 分 ${String(s % 60).padStart(2, '0')} 秒`
}

/** An answer-sheet cell: flagged wins over answered, so a reader finds what they wanted to check. */
export type SheetState = 'answered' | 'unanswered' | 'flagged'
export function sheetState(selected: string[] | null | undefined, flagged: boolean): SheetState {
  if (flagged) return 'flagged'
  return selected?.length ? 'answered' : 'unanswered'
}

/** What the confirm dialog before 交卷 says: always asked, with the number still unanswered. */
export function handInPrompt(total: number, unanswered: number): string {
  return unanswered ? `还有 ${unanswered} 题未作答（共 ${total} 题），交卷后不能修改。确定交卷吗？` : `已答完全部 ${total} 题，交卷后不能修改。确定交卷吗？`
}

/** A chapter as the study list shows it: the same completion rule as articles (docs/metrics.md), never "100%" before completion. */
export function chapterStateLabel(c: { state: 'unread' | 'reading' | 'completed'; progress: number; remainingSeconds: number }): string {
  if (c.state === 'completed') return '已学完'
  if (c.state === 'unread') return '未学'
  const pct = `学习进度 ${Math.round(c.progress * 100)}%`
  return c.remainingSeconds > 0 && c.progress >= 0.5 ? `${pct} · 再学约 ${c.remainingSeconds} 秒完成` : pct
}

const HELD_BACK_CODES: ReadonlySet<string> = new Set(Object.values(ANSWER_HELD_BACK))

/** The server will not judge this question now (the reader is being tested on it); other questions can be answered meanwhile. */
export function isAnswerHeldBack(error: unknown): boolean {
  return error instanceof ApiError && error.status === 409 && HELD_BACK_CODES.has(error.code)
}
