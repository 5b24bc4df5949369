import { createHash } from 'node:crypto'
import type { QuestionType, SeedChapter, SeedQuestion } from './content/types'

/** Stored option ids by position: a, b, c, … (stable per question; never shown to readers). */
export const optionId = (index: number) => String.fromCharCode(97 + index)

/**
 * The id a reader sees for an option: a short hash of the question id and the option text.
 * Stored ids (a, b, c…) give away where an option stood before a paper was shuffled, so
 * they never leave the server; this one says nothing about position, is the same in every
 * mode, request and server instance, and needs no secret (it only encodes what the reader
 * already sees). Options of a question are unique, so their public ids are too.
 */
export function publicOptionId(questionId: string, text: string): string {
  return createHash('sha256').update(`${questionId}\u0000${text}`).digest('base64url').slice(0, 10)
}

const TRUE_FALSE = ['正确', '错误']

/** Every rule a question must satisfy, whether seeded, imported or edited. Returns problems. */
export function validateQuestion(q: SeedQuestion): string[] {
  const problems: string[] = []
  if (!q.stem?.trim()) problems.push('题干为空')
  if (!['single', 'multiple', 'truefalse'].includes(q.type)) problems.push(`题型无效：${q.type}`)
  const options = q.options ?? []
  if (q.type === 'truefalse' && (options.length !== 2 || options[0] !== TRUE_FALSE[0] || options[1] !== TRUE_FALSE[1])) problems.push('判断题选项必须是“正确”“错误”')
  if (q.type !== 'truefalse' && (options.length < 2 || options.length > 8)) problems.push('选项须为 2–8 个')
  if (options.some((o) => !o?.trim())) problems.push('存在空选项')
  if (new Set(options.map((o) => o.trim())).size !== options.length) problems.push('选项重复')
  const answer = q.answer ?? []
  if (answer.length === 0) problems.push('缺少答案')
  if (answer.some((a) => !Number.isInteger(a) || a < 0 || a >= options.length)) problems.push('答案不在选项范围内')
  if (new Set(answer).size !== answer.length) problems.push('答案重复')
  if ((q.type === 'single' || q.type === 'truefalse') && answer.length !== 1) problems.push('单选题和判断题只能有一个答案')
  if (q.type === 'multiple' && answer.length < 2) problems.push('多选题至少两个答案')
  if (!q.explanation?.trim()) problems.push('缺少解析')
  if (!q.basis?.trim()) problems.push('缺少依据')
  if (![1, 2, 3].includes(q.difficulty)) problems.push('难度须为 1、2 或 3')
  return problems
}

export function validateChapters(chapters: SeedChapter[]): string[] {
  const problems: string[] = []
  const stems = new Set<string>()
  for (const ch of chapters) {
    for (const [i, q] of ch.questions.entries()) {
      for (const p of validateQuestion(q)) problems.push(`${ch.key} 第 ${i + 1} 题：${p}`)
      const stem = q.stem.trim()
      if (stems.has(stem)) problems.push(`${ch.key} 第 ${i + 1} 题：题干重复`)
      stems.add(stem)
    }
  }
  return problems
}

export function toStoredOptions(q: { options: string[]; answer: number[] }) {
  return { options: q.options.map((text, i) => ({ id: optionId(i), text: text.trim() })), answer: q.answer.map(optionId) }
}

export const QUESTION_TYPE_NAMES: Record<QuestionType, string> = { single: '单选', multiple: '多选', truefalse: '判断' }
