import assert from 'node:assert/strict'
import { test } from 'node:test'
import { validateChapters, validateQuestion } from '../../server/modules/handbook/bank'
import { saoheichueHandbook as book } from '../../server/modules/handbook/content/saoheichue'
import { SAOHEICHUE_V1_STEMS } from '../../server/modules/handbook/content/saoheichue-v1'
import type { SeedQuestion } from '../../server/modules/handbook/content/types'
import { ABSOLUTE_WORDS, stemSimilarity } from '../helpers/content'

const questions = book.chapters.flatMap((c) => c.questions)
const label = (q: SeedQuestion) => `${q.key} ${q.stem}`

test('the handbook has at least 10 chapters and 180 questions, each with a unique stable key', () => {
  assert.ok(book.chapters.length >= 10, `${book.chapters.length} chapters`)
  assert.ok(questions.length >= 180, `${questions.length} questions`)
  assert.equal(new Set(book.chapters.map((c) => c.key)).size, book.chapters.length, 'unique chapter keys')
  for (const q of questions) assert.match(q.key ?? '', /^[a-z]+-\d{2}$/, q.stem)
  assert.equal(new Set(questions.map((q) => q.key)).size, questions.length, 'unique question keys')
})

test('the handbook and its chapters use the 常态化 name, not the 2018–2020 专项斗争 one', () => {
  assert.match(book.title, /常态化/)
  assert.doesNotMatch(book.title, /专项斗争/)
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

test('multiple-choice questions have one to three wrong options, so "tick everything" never works', () => {
  for (const q of questions.filter((x) => x.type === 'multiple')) {
    const wrong = q.options.length - q.answer.length
    assert.ok(wrong >= 1 && wrong <= 3, `${label(q)}: ${wrong} wrong options`)
  }
})

test('true/false statements are balanced and absolute words are not the tell', () => {
  const statements = questions.filter((q) => q.type === 'truefalse')
  const falseOnes = statements.filter((q) => q.answer[0] === 1)
  const share = falseOnes.length / statements.length
  assert.ok(share >= 0.35 && share <= 0.65, `${falseOnes.length} of ${statements.length} statements are false`)
  const sweeping = falseOnes.filter((q) => ABSOLUTE_WORDS.test(q.stem))
  assert.ok(sweeping.length <= falseOnes.length * 0.15, `false statements with an absolute word: ${sweeping.map(label).join(' / ')}`)
})

test('explanations do not refer to options by position (papers shuffle the options)', () => {
  const positional =
    /前[一二三两四]项|后[一二三两]项|[A-Ha-h]项|选项[A-Ha-h]|第[一二三四五六]个?选项|第[一二三四五六]项|以上[都均各全]|以上选项|上述选项|其余选项|其他选项|其余[一二三两]项/
  const offenders = questions.filter((q) => positional.test(q.explanation))
  assert.deepEqual(offenders.map(label), [])
})

test('no option repeats another within a question, even with different punctuation or spacing', () => {
  const normal = (s: string) => s.replace(/[\s，。、；：！？,.;:!?“”"'‘’（）()《》]/g, '')
  for (const q of questions) assert.equal(new Set(q.options.map(normal)).size, q.options.length, label(q))
})

test('no two stems are near-duplicates (character-bigram Jaccard at most 0.6)', () => {
  const pairs: string[] = []
  for (let i = 0; i < questions.length; i++) {
    for (let j = i + 1; j < questions.length; j++) {
      const s = stemSimilarity(questions[i].stem, questions[j].stem)
      if (s > 0.6) pairs.push(`${s.toFixed(2)}: ${label(questions[i])} ≈ ${label(questions[j])}`)
    }
  }
  assert.deepEqual(pairs, [])
  // The measure does catch a rewording that keeps the words:
  assert.ok(stemSimilarity('扫黑除恶专项斗争按部署开展了多长时间？', '扫黑除恶专项斗争按部署为期多长时间？') > 0.6)
})

test('every basis names a source, and none points at the app itself', () => {
  const app = /本小程序|小程序|本应用|本程序|本平台|举报页面|举报入口|页面说明/
  for (const q of questions) {
    assert.ok(q.basis.trim(), label(q))
    assert.doesNotMatch(q.basis, app, label(q))
    // A document in 《》, the named press conference, or plainly advice.
    assert.ok(/《[^》]+》/.test(q.basis) || /新闻发布会/.test(q.basis) || q.basis === '安全提示', `${label(q)}: ${q.basis}`)
  }
})

test('facts from the college report say they are from its 2019 report', () => {
  const fromReport = questions.filter((q) => q.basis.includes('工作情况汇报'))
  assert.ok(fromReport.length >= 10)
  for (const q of fromReport) assert.match(q.stem, /2019年/, label(q))
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

test('the mapping from the first bank points every kept question at a key that exists, once', () => {
  const keys = new Set(questions.map((q) => q.key))
  const stems = new Map(questions.map((q) => [q.stem, q.key]))
  const targets = Object.values(SAOHEICHUE_V1_STEMS).filter((k): k is string => k !== null)
  assert.equal(Object.keys(SAOHEICHUE_V1_STEMS).length, 135)
  for (const key of targets) assert.ok(keys.has(key), key)
  assert.equal(new Set(targets).size, targets.length, 'two former questions map to one key')
  // A former stem that is still shipped word for word must map to the question that has it.
  for (const [stem, key] of Object.entries(SAOHEICHUE_V1_STEMS)) if (stems.has(stem)) assert.equal(key, stems.get(stem), stem)
})
