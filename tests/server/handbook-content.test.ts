import assert from 'node:assert/strict'
import { test } from 'node:test'
import { validateChapters, validateQuestion } from '../../server/modules/handbook/bank'
import { saoheichueHandbook as book } from '../../server/modules/handbook/content/saoheichue'

const questions = book.chapters.flatMap((c) => c.questions)

test('the seeded handbook has at least 8 chapters and 120 questions', () => {
  assert.ok(book.chapters.length >= 8, `${book.chapters.length} chapters`)
  assert.ok(questions.length >= 120, `${questions.length} questions`)
  assert.equal(new Set(book.chapters.map((c) => c.key)).size, book.chapters.length, 'unique chapter keys')
})

test('every question has a valid answer for its type, an explanation and a basis, and no stem repeats', () => {
  for (const q of questions) assert.deepEqual(validateQuestion(q), [], q.stem)
  assert.deepEqual(validateChapters(book.chapters), [])
  assert.equal(new Set(questions.map((q) => q.stem.trim())).size, questions.length)
})

test('all three question types are well represented', () => {
  const count = (type: string) => questions.filter((q) => q.type === type).length
  assert.ok(count('multiple') >= 25, `multiple ${count('multiple')}`)
  assert.ok(count('truefalse') >= 25, `truefalse ${count('truefalse')}`)
  assert.ok(count('single') >= 60, `single ${count('single')}`)
})

test('single-choice answers are spread over the positions, not guessable', () => {
  const positions = [0, 0, 0, 0]
  for (const q of questions.filter((x) => x.type === 'single')) positions[q.answer[0]]++
  const total = positions.reduce((a, b) => a + b, 0)
  for (const n of positions) assert.ok(n >= total * 0.1, `answer positions ${positions}`)
})

test('the text writes 扫黑除恶 without the source annotation', () => {
  assert.ok(!JSON.stringify(book).includes('2018年3月以后'))
})
