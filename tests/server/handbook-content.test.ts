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

test('the right option is not given away by being the longest one', () => {
  // Writers tend to make the right answer the longest, most careful option; a reader who
  // always picks the longest would then score well without knowing anything. By chance
  // alone (4 options) the right one is the unique longest in about a quarter of questions.
  const singles = questions.filter((q) => q.type === 'single')
  const longest = singles.filter((q) => {
    const lengths = q.options.map((o) => [...o].length)
    return lengths.every((n, i) => i === q.answer[0] || n < lengths[q.answer[0]])
  })
  assert.ok(longest.length <= singles.length * 0.35, `right option is the unique longest in ${longest.length} of ${singles.length}: ${longest.map((q) => q.stem).join(' / ')}`)
})

test('points taken from the college report are stated as the report states them', () => {
  const monthly = questions.filter((q) => q.stem.includes('月报告') || q.options.some((o) => o.includes('月报告')))
  assert.ok(monthly.length > 0)
  // The report lists the lead-sweep "monthly report" system as a next step, not a measure in force.
  for (const q of monthly) assert.match(q.stem, /下一步/, q.stem)
  assert.ok(!JSON.stringify(book).includes('较为明显的首要分子'), '恶势力犯罪集团 has 明显的首要分子')
})

test('the text writes 扫黑除恶 without the source annotation', () => {
  assert.ok(!JSON.stringify(book).includes('2018年3月以后'))
})
