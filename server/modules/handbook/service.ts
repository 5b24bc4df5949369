import type { Types } from 'mongoose'
import { notFound } from '../../errors'
import { estimateReadingSeconds, itemKeyOf, progressFor, registerTrackableKind } from '../progress/service'
import { publicQuestion, revealedQuestion } from '../quiz/questions'
import { toStoredOptions, validateChapters } from './bank'
import type { HandbookSeed } from './content/types'
import { Chapter, Question, type ChapterDoc, type QuestionDoc } from './model'

registerTrackableKind('chapter', async (id) => {
  const c = await Chapter.findById(id, { campaignId: 1, required: 1, readingSeconds: 1 }).lean()
  return c ? { campaignId: c.campaignId, required: !!c.required, readingSeconds: c.readingSeconds } : null
})

function chapterText(questions: { stem: string; options: { text: string }[]; explanation: string }[]): string {
  return questions.map((q) => q.stem + q.options.map((o) => o.text).join('') + q.explanation).join('')
}

/** Idempotent: chapters by key, questions by stem; never overwrites admin edits. */
export async function seedHandbook(campaignId: Types.ObjectId | string, seed: HandbookSeed): Promise<{ chapters: number; questions: number }> {
  const problems = validateChapters(seed.chapters)
  if (problems.length) throw new Error(`handbook seed is invalid:\n${problems.join('\n')}`)
  let chapters = 0
  let questions = 0
  for (const [order, ch] of seed.chapters.entries()) {
    const res = await Chapter.updateOne({ campaignId, key: ch.key }, { $setOnInsert: { title: ch.title, summary: ch.summary, order } }, { upsert: true })
    chapters += res.upsertedCount
    const chapter = (await Chapter.findOne({ campaignId, key: ch.key }).lean())!
    for (const [i, q] of ch.questions.entries()) {
      const stored = toStoredOptions(q)
      const r = await Question.updateOne(
        { campaignId, stem: q.stem.trim() },
        { $setOnInsert: { chapterId: chapter._id, type: q.type, ...stored, explanation: q.explanation, basis: q.basis, difficulty: q.difficulty, tags: q.tags, order: i } },
        { upsert: true },
      )
      questions += r.upsertedCount
    }
    await refreshReadingTime(chapter._id)
  }
  return { chapters, questions }
}

export async function refreshReadingTime(chapterId: Types.ObjectId | string): Promise<void> {
  const qs = await Question.find({ chapterId, active: true }, { stem: 1, options: 1, explanation: 1 }).lean()
  await Chapter.updateOne({ _id: chapterId }, { $set: { readingSeconds: estimateReadingSeconds(chapterText(qs), 400) } })
}

export async function listChapters(userId: string, campaignId: Types.ObjectId | string) {
  const chapters = await Chapter.find({ campaignId }).sort({ order: 1 }).lean<ChapterDoc[]>()
  const counts = new Map<string, number>()
  for (const row of await Question.aggregate<{ _id: Types.ObjectId; n: number }>([{ $match: { campaignId: chapters[0]?.campaignId ?? campaignId, active: true } }, { $group: { _id: '$chapterId', n: { $sum: 1 } } }])) {
    counts.set(String(row._id), row.n)
  }
  const progress = await progressFor(userId, chapters.map((c) => itemKeyOf('chapter', String(c._id))))
  return chapters.map((c) => {
    const p = progress.get(itemKeyOf('chapter', String(c._id)))
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
