import type { Types } from 'mongoose'
import { isDuplicateKeyError, notFound } from '../../errors'
import { getCampaignCached, toCampaignView } from '../campaigns/service'
import { completionProgress, estimateReadingSeconds, itemKeyOf, progressFor, registerTrackableKind } from '../progress/service'
import { publicQuestion, revealedQuestion } from '../quiz/questions'
import { optionId, toStoredOptions, validateChapters } from './bank'
import type { HandbookSeed, SeedQuestion } from './content/types'
import { Chapter, Question, type ChapterDoc, type QuestionDoc } from './model'

registerTrackableKind('chapter', async (id) => {
  const c = await Chapter.findById(id, { campaignId: 1, required: 1, readingSeconds: 1 }).lean()
  return c ? { campaignId: c.campaignId, required: !!c.required, readingSeconds: c.readingSeconds } : null
})

function chapterText(questions: { stem: string; options: { text: string }[]; explanation: string }[]): string {
  return questions.map((q) => q.stem + q.options.map((o) => o.text).join('') + q.explanation).join('')
}

export interface SeedOptions {
  /**
   * Stems of an earlier shipped version stored without keys, each mapped to the key of the
   * question that replaces it (null: retired). Lets a database seeded before keys existed
   * upgrade in place.
   */
  formerStems?: Record<string, string | null>
}

export interface SeedReport {
  chapters: number
  /** Questions inserted. */
  questions: number
  /** Stored shipped questions whose content changed. */
  updated: number
  /** Stored shipped questions deactivated because the bank no longer has them. */
  retired: number
}

/**
 * Brings the stored bank in line with the shipped content it owns. Chapters are matched by
 * key, questions by their stable `key` (stored as seedKey), so fixed wording replaces the old
 * in place: a question answered before keeps its id and with it its answer history. Shipped
 * questions no longer in the content are retired (active false), never deleted. Questions
 * added by import have no key and are left alone. Idempotent.
 */
export async function seedHandbook(campaignId: Types.ObjectId | string, seed: HandbookSeed, options: SeedOptions = {}): Promise<SeedReport> {
  const problems = validateChapters(seed.chapters)
  const keys = seed.chapters.flatMap((c) => c.questions.map((q) => q.key ?? ''))
  if (keys.some((k) => !/^\S+$/.test(k))) problems.push('每道内置题目都需要稳定的 key')
  if (new Set(keys).size !== keys.length) problems.push('题目 key 重复')
  if (problems.length) throw new Error(`handbook seed is invalid:\n${problems.join('\n')}`)
  const report: SeedReport = { chapters: 0, questions: 0, updated: 0, retired: 0 }

  report.retired += await claimUnkeyed(campaignId, seed, options.formerStems ?? {})
  const storedByKey = new Map((await Question.find({ campaignId, seedKey: { $in: keys } }).lean<QuestionDoc[]>()).map((q) => [q.seedKey!, q]))

  const chapterIds: Types.ObjectId[] = []
  for (const [order, ch] of seed.chapters.entries()) {
    // Shipped chapters take the shipped title, summary and order; `required` stays the admin's choice.
    const res = await Chapter.updateOne({ campaignId, key: ch.key }, { $set: { title: ch.title, summary: ch.summary, order } }, { upsert: true })
    report.chapters += res.upsertedCount
    const chapter = (await Chapter.findOne({ campaignId, key: ch.key }, { _id: 1 }).lean())!
    chapterIds.push(chapter._id)
    for (const [i, q] of ch.questions.entries()) {
      const content = { chapterId: chapter._id, type: q.type, stem: q.stem.trim(), explanation: q.explanation, basis: q.basis, difficulty: q.difficulty, tags: q.tags, order: i }
      const stored = storedByKey.get(q.key!)
      if (!stored) {
        await Question.create({ campaignId, seedKey: q.key, ...content, ...toStoredOptions(q) })
        report.questions++
        continue
      }
      const next = { ...content, ...keepOptionIds(stored.options, q), active: true }
      if (!sameContent(stored, next)) {
        try {
          await Question.updateOne({ _id: stored._id }, { $set: next })
        } catch (err) {
          // Another shipped question still holds this stem: two keys swapped wording in one release.
          if (isDuplicateKeyError(err)) throw new Error(`handbook seed: the stem of ${q.key} is still held by another question; reword in two releases`, { cause: err })
          throw err
        }
        report.updated++
      }
    }
  }

  const retired = await Question.updateMany({ campaignId, seedKey: { $exists: true, $nin: keys }, active: true }, { $set: { active: false } })
  report.retired += retired.modifiedCount
  for (const id of new Set([...chapterIds.map(String), ...(await Chapter.find({ campaignId }, { _id: 1 }).lean()).map((c) => String(c._id))])) await refreshReadingTime(id)
  return report
}

/**
 * Gives stored questions without a key the key they now belong to. A question holding a
 * shipped stem is that question (stems are unique), so it takes the key, even from another
 * document, which is then retired. A former shipped stem takes its mapped key if no document
 * holds it yet. Former stems mapped to null, or whose key is held, are retired. Runs before
 * any update, so no two documents hold a key and no update can collide on a stem held by an
 * unkeyed document. Returns how many it retired.
 */
async function claimUnkeyed(campaignId: Types.ObjectId | string, seed: HandbookSeed, formerStems: Record<string, string | null>): Promise<number> {
  const keyByStem = new Map(seed.chapters.flatMap((c) => c.questions.map((q) => [q.stem.trim(), q.key!] as const)))
  const unkeyed = await Question.find({ campaignId, seedKey: { $exists: false } }, { stem: 1 }).lean()
  if (!unkeyed.length) return 0
  let retired = 0
  const holders = new Map((await Question.find({ campaignId, seedKey: { $exists: true } }, { seedKey: 1 }).lean()).map((q) => [q.seedKey!, q._id]))
  const claim = async (id: Types.ObjectId, key: string) => {
    const holder = holders.get(key)
    if (holder) retired += (await Question.updateOne({ _id: holder }, { $unset: { seedKey: 1 }, $set: { active: false } })).modifiedCount
    holders.set(key, id)
    await Question.updateOne({ _id: id }, { $set: { seedKey: key } })
  }
  for (const q of unkeyed) {
    const key = keyByStem.get(q.stem)
    if (key) await claim(q._id, key)
  }
  for (const q of unkeyed.filter((x) => !keyByStem.has(x.stem) && x.stem in formerStems)) {
    const key = formerStems[q.stem]
    if (key && !holders.has(key)) await claim(q._id, key)
    else retired += (await Question.updateOne({ _id: q._id, active: true }, { $set: { active: false } })).modifiedCount
  }
  return retired
}

/**
 * Stored options for new content, keeping the stored id of every option whose text is
 * unchanged, so answers recorded by option id still point at the text that was chosen; new
 * texts get ids the question has not used.
 */
function keepOptionIds(current: { id: string; text: string }[], q: SeedQuestion) {
  const idByText = new Map(current.map((o) => [o.text, o.id]))
  const used = new Set(current.map((o) => o.id))
  let next = 0
  const freshId = () => {
    while (used.has(optionId(next))) next++
    used.add(optionId(next))
    return optionId(next)
  }
  const options = q.options.map((text) => ({ id: idByText.get(text.trim()) ?? freshId(), text: text.trim() }))
  return { options, answer: q.answer.map((i) => options[i].id) }
}

function sameContent(stored: QuestionDoc, next: Record<string, unknown>): boolean {
  const pick = (doc: Record<string, unknown>) =>
    JSON.stringify(
      Object.keys(next)
        .sort()
        .map((k) => [k, k === 'chapterId' ? String(doc[k]) : doc[k]]),
    )
  return pick(stored as unknown as Record<string, unknown>) === pick(next)
}

export async function refreshReadingTime(chapterId: Types.ObjectId | string): Promise<void> {
  const qs = await Question.find({ chapterId, active: true }, { stem: 1, options: 1, explanation: 1 }).lean()
  await Chapter.updateOne({ _id: chapterId }, { $set: { readingSeconds: estimateReadingSeconds(chapterText(qs), 400) } })
}

export async function listChapters(userId: string, campaignId: Types.ObjectId | string) {
  const chapters = await Chapter.find({ campaignId }).sort({ order: 1 }).lean<ChapterDoc[]>()
  const counts = new Map<string, number>()
  for (const row of await Question.aggregate<{ _id: Types.ObjectId; n: number }>([
    { $match: { campaignId: chapters[0]?.campaignId ?? campaignId, active: true } },
    { $group: { _id: '$chapterId', n: { $sum: 1 } } },
  ])) {
    counts.set(String(row._id), row.n)
  }
  const progress = await progressFor(
    userId,
    chapters.map((c) => itemKeyOf('chapter', String(c._id))),
  )
  const settings = toCampaignView(await getCampaignCached(campaignId)).settings
  return chapters.map((c) => {
    const p = progress.get(itemKeyOf('chapter', String(c._id)))
    // One rule with articles (docs/metrics.md): completed = depth and engaged time; until then the reader sees progress below 100%.
    const toward = p ? completionProgress(p, c.readingSeconds, settings) : { progress: 0, remainingSeconds: 0 }
    return {
      id: String(c._id),
      key: c.key,
      title: c.title,
      summary: c.summary ?? '',
      required: !!c.required,
      questionCount: counts.get(String(c._id)) ?? 0,
      readingMinutes: Math.max(1, Math.round(c.readingSeconds / 60)),
      state: p ? (p.completed ? 'completed' : 'reading') : 'unread',
      depth: p ? Math.round(p.maxDepth * 100) / 100 : 0,
      progress: toward.progress,
      remainingSeconds: p ? toward.remainingSeconds : 0,
    }
  })
}

/**
 * Read mode: the chapter as Q&A cards. This is the study material, so answers are included
 * (which makes exams open-book: a product decision, see docs/quiz.md). Option ids are the
 * public ids used by every quiz mode.
 */
export async function chapterCards(chapterId: string) {
  const chapter = await Chapter.findById(chapterId).lean<ChapterDoc>()
  if (!chapter) throw notFound('章节不存在', 'CHAPTER_NOT_FOUND')
  const questions = await Question.find({ chapterId, active: true }).sort({ order: 1 }).lean<QuestionDoc[]>()
  return {
    id: String(chapter._id),
    title: chapter.title,
    summary: chapter.summary ?? '',
    cards: questions.map((q) => ({ ...publicQuestion(q), ...revealedQuestion(q) })),
  }
}
