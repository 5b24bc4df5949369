import { Types } from 'mongoose'
import type { AdminQuestionOut, AdminQuestionQuery, BankItemStatsOut, QuestionEdit } from '../../../contract/question-bank'
import { AppError, conflict, isDuplicateKeyError, notFound } from '../../errors'
import { AnswerLog } from '../quiz/model'
import { QUESTION_TYPE_NAMES, toStoredOptions } from './bank'
import type { QuestionType } from './content/types'
import { bankItemStatistics, isFlagged, NO_ANSWERS } from './item-stats'
import { Chapter, Question, type QuestionDoc } from './model'
import { refreshReadingTime } from './service'

/** Each reader's first answer to each question of the campaign (or of the given questions). */
async function firstAnswers(campaignId: Types.ObjectId, questionIds?: Types.ObjectId[]) {
  const match: Record<string, unknown> = { campaignId }
  const rows = await AnswerLog.aggregate<{ _id: { u: Types.ObjectId; q: Types.ObjectId }; correct: boolean }>([
    { $match: match },
    { $sort: { at: 1, _id: 1 } },
    { $group: { _id: { u: '$userId', q: '$questionId' }, correct: { $first: '$correct' } } },
  ])
  // Abilities need every answer of each reader; only the asked questions are returned.
  const all = rows.map((r) => ({ userId: String(r._id.u), questionId: String(r._id.q), correct: r.correct }))
  const stats = bankItemStatistics(all)
  if (questionIds) for (const id of [...stats.keys()]) if (!questionIds.some((q) => String(q) === id)) stats.delete(id)
  return stats
}

function toOut(q: QuestionDoc, chapterTitle: string, stats: BankItemStatsOut): AdminQuestionOut {
  return {
    id: String(q._id),
    chapterId: String(q.chapterId),
    chapterTitle,
    type: q.type as QuestionType,
    typeName: QUESTION_TYPE_NAMES[q.type as QuestionType],
    stem: q.stem,
    options: q.options.map((o) => o.text),
    answer: q.answer.map((id) => q.options.findIndex((o) => o.id === id)).filter((i) => i >= 0),
    explanation: q.explanation,
    basis: q.basis,
    difficulty: q.difficulty ?? 2,
    tags: q.tags ?? [],
    active: q.active !== false,
    stats,
  }
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * One page of the bank with each question's statistics. The bank is a few hundred questions,
 * so filtering by statistics and sorting by them happen here after one read of each.
 */
export async function listBankQuestions(campaignId: Types.ObjectId, query: AdminQuestionQuery) {
  const filter: Record<string, unknown> = { campaignId }
  if (query.state === 'active') filter.active = { $ne: false }
  else if (query.state === 'retired') filter.active = false
  if (query.chapterId) filter.chapterId = new Types.ObjectId(query.chapterId)
  if (query.type) filter.type = query.type
  if (query.q) filter.stem = { $regex: escapeRegex(query.q), $options: 'i' }
  const [chapters, questions, stats] = await Promise.all([
    Chapter.find({ campaignId }).sort({ order: 1 }).lean(),
    Question.find(filter).sort({ order: 1, _id: 1 }).lean<QuestionDoc[]>(),
    firstAnswers(campaignId),
  ])
  const chapterOrder = new Map(chapters.map((c, i) => [String(c._id), i]))
  const titles = new Map(chapters.map((c) => [String(c._id), c.title]))
  let rows = questions.map((q) => toOut(q, titles.get(String(q.chapterId)) ?? '', stats.get(String(q._id)) ?? NO_ANSWERS))
  if (query.flagged === 'true') rows = rows.filter((r) => isFlagged(r.stats))
  if (query.flagged === 'false') rows = rows.filter((r) => !isFlagged(r.stats))
  const position = new Map(questions.map((q, i) => [String(q._id), (chapterOrder.get(String(q.chapterId)) ?? 0) * 100_000 + i]))
  const updated = new Map(questions.map((q) => [String(q._id), (q as { updatedAt?: Date }).updatedAt?.getTime() ?? 0]))
  // Questions without a figure sort after those with one, in either direction.
  const key = (r: AdminQuestionOut): number | null =>
    query.sort === 'facility'
      ? r.stats.facility
      : query.sort === 'discrimination'
        ? r.stats.discrimination
        : query.sort === 'responses'
          ? r.stats.responses
          : query.sort === 'updatedAt'
            ? updated.get(r.id)!
            : position.get(r.id)!
  const dir = query.order === 'desc' ? -1 : 1
  rows.sort((a, b) => {
    const ka = key(a)
    const kb = key(b)
    if (ka === null || kb === null) return ka === kb ? position.get(a.id)! - position.get(b.id)! : ka === null ? 1 : -1
    return (ka - kb) * dir || position.get(a.id)! - position.get(b.id)!
  })
  const start = (query.page - 1) * query.pageSize
  return {
    questions: rows.slice(start, start + query.pageSize),
    chapters: chapters.map((c) => ({ id: String(c._id), title: c.title })),
    page: query.page,
    pageSize: query.pageSize,
    total: rows.length,
  }
}

async function loadBankQuestion(campaignId: Types.ObjectId, id: string): Promise<QuestionDoc> {
  const q = await Question.findOne({ _id: id, campaignId }).lean<QuestionDoc>()
  if (!q) throw notFound('题目不存在', 'QUESTION_NOT_FOUND')
  return q
}

export async function getBankQuestion(campaignId: Types.ObjectId, id: string): Promise<AdminQuestionOut> {
  const q = await loadBankQuestion(campaignId, id)
  const chapter = await Chapter.findById(q.chapterId, { title: 1 }).lean()
  const stats = await firstAnswers(campaignId, [q._id])
  return toOut(q, chapter?.title ?? '', stats.get(String(q._id)) ?? NO_ANSWERS)
}

const fieldError = (status: number, code: string, field: string, message: string) => new AppError(status, code, message, [{ in: 'body', field, message }])

/**
 * Replaces one question's content. Options keep their stored ids by position (a, b, c…), so
 * past answers stay attached to the option at the same place; the form warns about reordering.
 */
export async function editBankQuestion(campaignId: Types.ObjectId, id: string, edit: QuestionEdit): Promise<AdminQuestionOut> {
  const q = await loadBankQuestion(campaignId, id)
  const chapter = await Chapter.findOne({ _id: edit.chapterId, campaignId }, { _id: 1 }).lean()
  if (!chapter) throw fieldError(400, 'VALIDATION_FAILED', 'chapterId', '所选章节不存在')
  const same = await Question.findOne({ campaignId, stem: edit.stem, _id: { $ne: q._id } }, { _id: 1 }).lean()
  if (same) throw fieldError(409, 'DUPLICATE_STEM', 'stem', '题库中已有相同题干的题目')
  try {
    await Question.updateOne(
      { _id: q._id },
      {
        $set: {
          chapterId: chapter._id,
          type: edit.type,
          stem: edit.stem,
          ...toStoredOptions(edit),
          explanation: edit.explanation,
          basis: edit.basis,
          difficulty: edit.difficulty,
          tags: edit.tags,
        },
      },
    )
  } catch (err) {
    if (isDuplicateKeyError(err)) throw fieldError(409, 'DUPLICATE_STEM', 'stem', '题库中已有相同题干的题目')
    throw err
  }
  for (const chapterId of new Set([String(q.chapterId), String(chapter._id)])) await refreshReadingTime(chapterId)
  return getBankQuestion(campaignId, id)
}

/** Retires (or restores) a question: it leaves every draw, its answer history stays. */
export async function setBankQuestionActive(campaignId: Types.ObjectId, id: string, active: boolean): Promise<AdminQuestionOut> {
  const q = await loadBankQuestion(campaignId, id)
  if ((q.active !== false) === active) throw conflict(active ? '这道题没有停用' : '这道题已经停用', active ? 'NOT_RETIRED' : 'ALREADY_RETIRED')
  await Question.updateOne({ _id: q._id }, { $set: { active } })
  await refreshReadingTime(String(q.chapterId))
  return getBankQuestion(campaignId, id)
}
