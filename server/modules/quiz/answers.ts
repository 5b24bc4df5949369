import { isDuplicateKeyError } from '../../errors'
import type { QuestionDoc } from '../handbook/model'
import { AnswerLog, WrongAnswer } from './model'
import { afterRight, afterWrong } from './schedule'

export type AnswerMode = 'practice' | 'daily' | 'exam' | 'challenge' | 'review'

export interface GivenAnswer {
  q: QuestionDoc
  selected: string[]
  correct: boolean
}

/**
 * Every answer feeds the wrong-answer book: wrong ones enter it (or start over), right ones at
 * a due review advance it. With `answerId` (the client's name for this answer) a resend is
 * recorded once: after a lost reply, or a failure between the log and the book.
 */
export async function recordAnswer(userId: string, q: QuestionDoc, mode: AnswerMode, selected: string[], correct: boolean, at: Date, answerId?: string): Promise<void> {
  await recordAnswers(userId, [{ q, selected, correct }], mode, at, answerId)
}

/** The same for a whole paper at once: one insert for the log, one read for the book entries of the right answers. */
export async function recordAnswers(userId: string, answers: readonly GivenAnswer[], mode: AnswerMode, at: Date, answerId?: string): Promise<void> {
  if (!answers.length) return
  if (answerId && answers.length !== 1) throw new Error('an answer id names one answer')
  const answerKey = answerId ? `${userId}:${answerId}` : undefined
  try {
    await AnswerLog.insertMany(
      answers.map(({ q, selected, correct }) => ({
        userId,
        campaignId: q.campaignId,
        questionId: q._id,
        chapterId: q.chapterId,
        mode,
        selected,
        correct,
        at,
        ...(answerKey ? { answerKey } : {}),
      })),
    )
  } catch (err) {
    // A resend of a logged answer: the book below may still lack it, and its writes are guarded.
    if (!(answerKey && isDuplicateKeyError(err))) throw err
  }
  const right = answers.filter((a) => a.correct).map((a) => a.q._id)
  const entries = right.length ? await WrongAnswer.find({ userId, questionId: { $in: right } }).lean() : []
  await Promise.all([
    ...answers.filter((a) => !a.correct).map((a) => markWrong(userId, a.q, at, answerKey)),
    ...entries.map((entry) => {
      if (answerKey && entry.recentAnswerKeys?.includes(answerKey)) return undefined // applied before
      const next = afterRight({ stage: entry.stage, correctStreak: entry.correctStreak, mastered: entry.mastered, nextReviewAt: entry.nextReviewAt ?? null }, at)
      if (!next) return undefined // not due yet (practice only) or the schedule is complete
      // Conditional on the state just read: two concurrent right answers advance the schedule once.
      return WrongAnswer.updateOne({ _id: entry._id, stage: entry.stage, correctStreak: entry.correctStreak }, { $set: next, ...(answerKey ? rememberAnswer(answerKey) : {}) })
    }),
  ])
}

/** Remembers a named answer on its book entry, keeping the latest 20 (a resend comes soon after). */
const rememberAnswer = (answerKey: string) => ({ $push: { recentAnswerKeys: { $each: [answerKey], $slice: -20 } } })

async function markWrong(userId: string, q: QuestionDoc, at: Date, answerKey?: string): Promise<void> {
  const filter = { userId, questionId: q._id, ...(answerKey ? { recentAnswerKeys: { $ne: answerKey } } : {}) }
  const update = {
    $set: { ...afterWrong(at), lastWrongAt: at },
    $inc: { wrongCount: 1 },
    $setOnInsert: { campaignId: q.campaignId },
    ...(answerKey ? rememberAnswer(answerKey) : {}),
  }
  try {
    await WrongAnswer.updateOne(filter, update, { upsert: true })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    // Inserted concurrently (now it updates), or this very answer is in the book already (then nothing matches).
    await WrongAnswer.updateOne(filter, update)
  }
}
