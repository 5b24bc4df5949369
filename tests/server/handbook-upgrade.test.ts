import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'
import { Types } from 'mongoose'
import { ManualClock } from '../../server/clock'
import type { AppDeps } from '../../server/deps'
import { createLogger } from '../../server/logger'
import { Article } from '../../server/modules/articles/model'
import { articleSeeder, SEEDED_ARTICLES } from '../../server/modules/articles/seed'
import { Campaign } from '../../server/modules/campaigns/model'
import { toStoredOptions } from '../../server/modules/handbook/bank'
import { saoheichueHandbook } from '../../server/modules/handbook/content/saoheichue'
import { SAOHEICHUE_V1_STEMS } from '../../server/modules/handbook/content/saoheichue-v1'
import { Chapter, Question, type QuestionDoc } from '../../server/modules/handbook/model'
import { chapterCards, seedHandbook } from '../../server/modules/handbook/service'
import { recordAnswers } from '../../server/modules/quiz/answers'
import { AnswerLog, Exam, WrongAnswer } from '../../server/modules/quiz/model'
import { handbookSeeder, STANDARD_EXAM } from '../../server/modules/quiz/seed'
import { wrongBook, wrongBookPractice } from '../../server/modules/quiz/service'
import { User } from '../../server/modules/users/model'
import { FIRST_CAMPAIGN } from '../../server/seed/campaign'
import { handbookV1 } from '../fixtures/handbook-v1'
import { connectTestDb, disconnectTestDb } from '../helpers/db'

/**
 * A database seeded by the first release (questions stored by stem, no keys), with answers
 * recorded, upgraded by today's seeder.
 */
const logger = createLogger('silent', 'test')
const shipped = saoheichueHandbook.chapters.flatMap((c) => c.questions)
const at = new Date('2026-10-01T02:00:00Z')
let campaignId: Types.ObjectId
const reader = new Types.ObjectId()

/** What the first release's seeder stored: chapters by key, questions by stem, positional option ids. */
async function seedLikeFirstRelease() {
  for (const [order, ch] of handbookV1.chapters.entries()) {
    const chapter = await Chapter.create({ campaignId, key: ch.key, title: ch.title, summary: ch.summary, order })
    for (const [i, q] of ch.questions.entries()) {
      await Question.create({
        campaignId,
        chapterId: chapter._id,
        type: q.type,
        stem: q.stem,
        ...toStoredOptions(q),
        explanation: q.explanation,
        basis: q.basis,
        difficulty: q.difficulty,
        tags: q.tags,
        order: i,
      })
    }
  }
  await Exam.create({
    campaignId,
    title: '扫黑除恶知识竞赛',
    description: '从《专项斗争知识问答》中随机抽题，每人 3 次机会，60 分及格。',
    blueprint: STANDARD_EXAM.blueprint,
    timeLimitSeconds: 1200,
    opensAt: at,
    passMark: 0.6,
    published: true,
  })
}

const byStem = async (stem: string) => (await Question.findOne({ campaignId, stem }).lean<QuestionDoc>())!
/** Answers a stored question the way the quiz does, choosing the options with these texts. */
async function answer(q: QuestionDoc, texts: string[]) {
  const selected = q.options.filter((o) => texts.includes(o.text)).map((o) => o.id)
  const correct = selected.length === q.answer.length && selected.every((id) => q.answer.includes(id))
  await recordAnswers(String(reader), [{ q, selected, correct }], 'practice', at)
}

// Old questions answered before the upgrade: one reworded, one unchanged, one dropped as wrong.
const REWORDED = '刑法中规定组织、领导、参加黑社会性质组织罪的是哪一条？' // → gang-01
const UNCHANGED = '认定黑社会性质组织，需要同时具备几个特征？' // → gang-02
const DROPPED = '下列哪些可能是黑社会性质组织获取经济利益的手段？' // the 依法纳税经营 question
let before_: Record<string, QuestionDoc>
let importedFix: Types.ObjectId

before(async () => {
  await connectTestDb()
  campaignId = (await Campaign.create(FIRST_CAMPAIGN))._id
  await seedLikeFirstRelease()
  // An admin's own question, imported later: not shipped content, so never touched.
  const chapter = (await Chapter.findOne({ campaignId, key: 'ch02-gang' }).lean())!
  await Question.create({
    campaignId,
    chapterId: chapter._id,
    type: 'truefalse',
    stem: '学院自拟：保卫处电话写在学生手册上。',
    options: [
      { id: 'a', text: '正确' },
      { id: 'b', text: '错误' },
    ],
    answer: ['a'],
    explanation: '见学生手册。',
    basis: '学院学生手册',
    order: 1000,
  })
  // An admin already imported the fixed wording of one question (stems are unique, so it is that question).
  const evil01 = shipped.find((q) => q.key === 'evil-01')!
  const evilChapter = (await Chapter.findOne({ campaignId, key: 'ch03-evil-force' }).lean())!
  importedFix = (
    await Question.create({
      campaignId,
      chapterId: evilChapter._id,
      type: 'single',
      stem: evil01.stem,
      ...toStoredOptions(evil01),
      explanation: '管理员导入',
      basis: '管理员导入',
      order: 1001,
    })
  )._id
  before_ = { reworded: await byStem(REWORDED), unchanged: await byStem(UNCHANGED), dropped: await byStem(DROPPED) }
  await answer(before_.reworded, ['第二百二十五条']) // wrong: enters the wrong-answer book
  await answer(before_.unchanged, ['四个'])
  await answer(before_.dropped, ['敲诈勒索']) // wrong too
  assert.equal(await Question.countDocuments({ campaignId }), 137)

  await handbookSeeder.run({ campaignId: String(campaignId), logger })
})
after(disconnectTestDb)

test('after the upgrade every shipped question exists once, active, with the new wording', async () => {
  const active = await Question.find({ campaignId, active: true }).lean<QuestionDoc[]>()
  const keyed = active.filter((q) => q.seedKey)
  assert.equal(keyed.length, shipped.length)
  assert.equal(new Set(keyed.map((q) => q.seedKey)).size, shipped.length, 'no key twice')
  const stored = new Map(keyed.map((q) => [q.seedKey, q]))
  for (const q of shipped) {
    const s = stored.get(q.key)
    assert.ok(s, q.key)
    assert.equal(s.stem, q.stem)
    assert.deepEqual(
      s.options.map((o) => o.text),
      q.options,
    )
    assert.deepEqual(s.answer.map((id) => s.options.findIndex((o) => o.id === id)).sort(), [...q.answer].sort(), q.key)
    assert.equal(s.explanation, q.explanation)
    assert.equal(s.basis, q.basis)
  }
  // No old wording is left among the questions readers are served.
  const current = new Set(shipped.map((q) => q.stem))
  const oldOnly = handbookV1.chapters.flatMap((c) => c.questions).filter((q) => !current.has(q.stem))
  assert.ok(oldOnly.length > 50)
  assert.equal(await Question.countDocuments({ campaignId, active: true, stem: { $in: oldOnly.map((q) => q.stem) } }), 0)
  // Nothing is deleted: 135 old questions, some now carrying new wording, plus the new ones.
  const carriedOver = Object.values(SAOHEICHUE_V1_STEMS).filter(Boolean).length
  assert.equal(await Question.countDocuments({ campaignId }), 2 + 135 + (shipped.length - carriedOver))
  // The question that already had the new wording is that question; the old copy is retired.
  assert.equal((await Question.findById(importedFix).lean())!.seedKey, 'evil-01')
  assert.equal((await byStem('恶势力一般至少由几人组成？')).active, false)
})

test('a reworded question keeps its id and its answer history, and the recorded choice still names the option chosen', async () => {
  const q = (await Question.findById(before_.reworded._id).lean<QuestionDoc>())!
  assert.equal(q.seedKey, 'gang-01')
  assert.equal(q.stem, '组织、领导、参加黑社会性质组织罪规定在刑法哪一条？')
  assert.equal(q.active, true)
  const log = await AnswerLog.find({ questionId: q._id }).lean()
  assert.equal(log.length, 1)
  assert.equal(await WrongAnswer.countDocuments({ questionId: q._id }), 1)
  // The chosen option's text is still in the new wording, under the same id.
  assert.equal(q.options.find((o) => o.id === log[0].selected[0])?.text, '第二百二十五条')
  assert.ok(q.answer.every((id) => q.options.find((o) => o.id === id)?.text === '第二百九十四条'))
  // A question shipped word for word again is the same document too.
  const same = (await Question.findById(before_.unchanged._id).lean<QuestionDoc>())!
  assert.deepEqual([same.seedKey, same.active, await AnswerLog.countDocuments({ questionId: same._id })], ['gang-02', true, 1])
})

test('a dropped question is retired, not deleted: its history stays, readers no longer see it', async () => {
  const q = (await Question.findById(before_.dropped._id).lean<QuestionDoc>())!
  assert.equal(q.active, false)
  assert.equal(q.stem, DROPPED)
  assert.equal(await AnswerLog.countDocuments({ questionId: q._id }), 1)
  const chapter = (await Chapter.findOne({ campaignId, key: 'ch02-gang' }).lean())!
  const cards = (await chapterCards(String(chapter._id))).cards
  assert.ok(!cards.some((c: { stem: string }) => c.stem === DROPPED))
  assert.ok(
    cards.some((c: { stem: string }) => c.stem === '学院自拟：保卫处电话写在学生手册上。'),
    'the imported question stays',
  )
  // The wrong-answer book keeps the entry, but review offers only what can still be answered.
  assert.equal(await WrongAnswer.countDocuments({ questionId: q._id }), 1)
  const deps = { clock: new ManualClock('2026-10-05T02:00:00Z') } as unknown as AppDeps // review reads only the clock
  const review = await wrongBookPractice(deps, String(reader))
  assert.deepEqual(
    review.items.map((i) => i.stem),
    ['组织、领导、参加黑社会性质组织罪规定在刑法哪一条？'],
  )
  const book = await wrongBook(deps, String(reader))
  assert.equal(book.items.length, 2, 'the book still lists both')
  assert.equal(book.due, 1, 'only the one that can be answered is due')
})

test('chapters take the new titles and order; the contest takes the 常态化 description', async () => {
  const chapters = await Chapter.find({ campaignId }).sort({ order: 1 }).lean()
  assert.deepEqual(
    chapters.map((c) => c.key),
    saoheichueHandbook.chapters.map((c) => c.key),
  )
  assert.equal(chapters.find((c) => c.key === 'ch06-loans')!.title, '“套路贷”')
  const exam = (await Exam.findOne({ campaignId, title: STANDARD_EXAM.title }).lean())!
  assert.equal(exam.description, STANDARD_EXAM.description)
  assert.match(exam.description, /常态化/)
})

test('seeding again changes nothing', async () => {
  const snapshot = await Question.find({ campaignId }).sort({ _id: 1 }).lean()
  assert.deepEqual(await seedHandbook(campaignId, saoheichueHandbook), { chapters: 0, questions: 0, updated: 0, retired: 0 })
  const again = await Question.find({ campaignId }).sort({ _id: 1 }).lean()
  assert.deepEqual(
    again.map((q) => [q.stem, q.active, q.updatedAt]),
    snapshot.map((q) => [q.stem, q.active, q.updatedAt]),
  )
})

test('the seeded articles are brought up to date unless an admin edited them', async () => {
  const admin = await User.create({ username: 'admin', nickname: '系统管理员', roles: ['superadmin'] })
  // As the first release created them (same titles, the bodies it shipped).
  const titles = SEEDED_ARTICLES.map((a) => a.title)
  const bodies = SEEDED_ARTICLES.map((a) => a.formerBodies[0])
  const base = { campaignId, summary: '', status: 'published' as const, publishedAt: at, authorId: admin._id, bodyHtml: '<p>旧</p>' }
  await Article.create({ ...base, title: titles[0], bodyMarkdown: bodies[0] })
  await Article.create({ ...base, title: titles[2], bodyMarkdown: `${bodies[2]}\n\n（保卫处补充：值班电话见学生手册。）` })
  await articleSeeder.run({ campaignId: String(campaignId), logger })
  const first = (await Article.findOne({ campaignId, title: titles[0] }).lean())!
  assert.doesNotMatch(first.bodyMarkdown, /线索摸排实行“月报告”制度/)
  assert.match(first.bodyMarkdown, /下一步打算/)
  const edited = (await Article.findOne({ campaignId, title: titles[2] }).lean())!
  assert.match(edited.bodyMarkdown, /保卫处补充/, 'an edited article is left alone')
  assert.equal(await Article.countDocuments({ campaignId }), 3)
})
