import assert from 'node:assert/strict'
import { test } from 'node:test'
import { toStoredOptions } from '../../server/modules/handbook/bank'
import { saoheichueHandbook } from '../../server/modules/handbook/content/saoheichue'
import type { HandbookSeed, QuestionType, SeedQuestion } from '../../server/modules/handbook/content/types'
import { Campaign } from '../../server/modules/campaigns/model'
import { scoreAnswer, seededRandom, shuffle } from '../../server/modules/quiz/scoring'
import { STANDARD_EXAM } from '../../server/modules/quiz/seed'
import { FIRST_CAMPAIGN } from '../../server/seed/campaign'
import { ABSOLUTE_WORDS } from '../helpers/content'

/**
 * Readers who know nothing but have test-taking habits. If one of them could pass the
 * standard contest, a pass would not show that anybody learnt anything (知晓率 measures
 * nothing). Each habit is a choice of option indexes per question type.
 */
type Habit = (q: SeedQuestion) => number[]
type Reader = Record<QuestionType, Habit>

const length = (text: string) => [...text].length
const longest: Habit = (q) => [q.options.reduce((best, o, i) => (length(o) > length(q.options[best]) ? i : best), 0)]
const allButShortest: Habit = (q) => {
  const shortest = q.options.reduce((best, o, i) => (length(o) < length(q.options[best]) ? i : best), 0)
  return q.options.flatMap((_, i) => (i === shortest ? [] : [i]))
}
const everything: Habit = (q) => q.options.map((_, i) => i)
const sayTrue: Habit = () => [0]
const falseIfSweeping: Habit = (q) => (ABSOLUTE_WORDS.test(q.stem) ? [1] : [0])

const READERS: Record<string, Reader> = {
  'always the longest option (and everything but the shortest in multiple choice)': { single: longest, multiple: allButShortest, truefalse: sayTrue },
  'every option in multiple choice': { single: longest, multiple: everything, truefalse: sayTrue },
  '“错误” whenever a statement has an absolute word': { single: longest, multiple: allButShortest, truefalse: falseIfSweeping },
}

const passMark = new Campaign(FIRST_CAMPAIGN).settings!.passMark!
const maxScore = STANDARD_EXAM.blueprint.reduce((sum, r) => sum + r.count * r.points, 0)

/** Points a reader earns on one question, scored the way exams are scored (by stored option ids). */
function earned(q: SeedQuestion, habit: Habit, points: number): number {
  const stored = toStoredOptions(q)
  const picked = habit(q).map((i) => stored.options[i].id)
  return scoreAnswer({ type: q.type, answer: stored.answer }, picked, points, STANDARD_EXAM.partialCredit).earned
}

/**
 * Expected score over papers drawn by the blueprint. Each rule draws its count uniformly
 * without replacement from the questions of its type, so the expected points of a rule are
 * count × the mean points over that whole pool: every question in the bank counts.
 */
function expectedScore(bank: HandbookSeed, reader: Reader): number {
  const questions = bank.chapters.flatMap((c) => c.questions)
  return STANDARD_EXAM.blueprint.reduce((sum, rule) => {
    const pool = questions.filter((q) => q.type === rule.type)
    const mean = pool.reduce((s, q) => s + earned(q, reader[rule.type], rule.points), 0) / pool.length
    return sum + rule.count * mean
  }, 0)
}

/** Share of papers passed out of `papers` drawn by the blueprint with a fixed seed. */
function passShare(bank: HandbookSeed, reader: Reader, papers = 2000): number {
  const questions = bank.chapters.flatMap((c) => c.questions)
  const random = seededRandom('naive-readers')
  let passed = 0
  for (let n = 0; n < papers; n++) {
    let score = 0
    for (const rule of STANDARD_EXAM.blueprint) {
      for (const q of shuffle(
        questions.filter((x) => x.type === rule.type),
        random,
      ).slice(0, rule.count))
        score += earned(q, reader[rule.type], rule.points)
    }
    if (score >= passMark * maxScore) passed++
  }
  return passed / papers
}

for (const [name, reader] of Object.entries(READERS)) {
  test(`a reader who picks by habit fails the standard contest: ${name}`, () => {
    const expected = expectedScore(saoheichueHandbook, reader)
    assert.ok(expected < passMark * maxScore, `expected ${expected.toFixed(1)} of ${maxScore}, pass mark ${passMark * maxScore}`)
    const share = passShare(saoheichueHandbook, reader)
    assert.ok(share < 0.05, `passes ${(share * 100).toFixed(1)}% of papers`)
  })
}

test('even the best habit per question type, chosen with hindsight, fails', () => {
  const habits: Record<QuestionType, Habit[]> = { single: [longest], multiple: [allButShortest, everything], truefalse: [sayTrue, falseIfSweeping, () => [1]] }
  const bank = saoheichueHandbook.chapters.flatMap((c) => c.questions)
  const best = {} as Reader
  for (const type of Object.keys(habits) as QuestionType[]) {
    const pool = bank.filter((q) => q.type === type)
    const rate = (h: Habit) => pool.filter((q) => earned(q, h, 1) === 1).length
    best[type] = habits[type].reduce((a, b) => (rate(b) > rate(a) ? b : a))
  }
  const expected = expectedScore(saoheichueHandbook, best)
  assert.ok(expected < passMark * maxScore, `expected ${expected.toFixed(1)} of ${maxScore}`)
})

test('the measure is not rigged: a bank with the defects issue 14 describes lets the same readers pass', () => {
  // Right answer the longest option, multiple choice "everything but the odd one out",
  // false statements marked by 只要/一定: what the first bank mostly was.
  const easy: HandbookSeed = {
    campaignSlug: 'test',
    title: '易题库',
    chapters: [
      {
        key: 'easy',
        title: '易',
        summary: '',
        questions: Array.from({ length: 30 }, (_, i): SeedQuestion[] => [
          {
            key: `s-${i}`,
            type: 'single',
            stem: `单选${i}`,
            options: ['雨具', '依法认定，既不降格也不拔高', '麦霸', '学生会'],
            answer: [1],
            explanation: '解析',
            basis: '依据',
            difficulty: 1,
            tags: [],
          },
          {
            key: `m-${i}`,
            type: 'multiple',
            stem: `多选${i}`,
            options: ['强迫交易', '故意伤害', '寻衅滋事', '雨伞'],
            answer: [0, 1, 2],
            explanation: '解析',
            basis: '依据',
            difficulty: 1,
            tags: [],
          },
          {
            key: `t-${i}`,
            type: 'truefalse',
            stem: i % 2 ? `只要有人打架就一定是黑社会${i}` : `恶势力尚未形成黑社会性质组织${i}`,
            options: ['正确', '错误'],
            answer: [i % 2],
            explanation: '解析',
            basis: '依据',
            difficulty: 1,
            tags: [],
          },
        ]).flat(),
      },
    ],
  }
  const reader = READERS['“错误” whenever a statement has an absolute word']
  assert.ok(expectedScore(easy, reader) >= passMark * maxScore)
  assert.ok(passShare(easy, reader, 200) > 0.95)
})
