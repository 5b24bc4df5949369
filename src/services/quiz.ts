/** Shapes of the quiz API (from the contract, type-only) and small pure helpers the pages share. */
import type { JudgedOut, QuestionOut, RevealedOut } from '@contract/quiz'

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
