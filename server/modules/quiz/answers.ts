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

/** Every answer feeds the wrong-answer book: wrong ones enter it (or start over), right ones at a due review advance it. */
export async function recordAnswer(userId: string, q: QuestionDoc, mode: AnswerMode, selected: string[], correct: boolean, at: Date): Promise<void> {
  await recordAnswers(userId, [{ q, selected, correct }], mode, at)
}

/** The same for a whole paper at once: one insert for the log, one read for the book entries of the right answers. */
export async function recordAnswers(userId: string, answers: readonly GivenAnswer[], mode: AnswerMode, at: Date): Promise<void> {
  if (!answers.length) return
  await AnswerLog.insertMany(answers.map(({ q, selected, correct }) => ({ userId, campaignId: q.campaignId, questionId: q._id, chapterId: q.chapterId, mode, selected, correct, at })))
  const right = answers.filter((a) => a.correct).map((a) => a.q._id)
  const entries = right.length ? await WrongAnswer.find({ userId, questionId: { $in: right } }).lean() : []
  await Promise.all([
    ...answers.filter((a) => !a.correct).map((a) => markWrong(userId, a.q, at)),
    ...entries.map((entry) => {
      const next = afterRight({ stage: entry.stage, correctStreak: entry.correctStreak, mastered: entry.mastered, nextReviewAt: entry.nextReviewAt ?? null }, at)
      if (!next) return undefined // not due yet (practice only) or the schedule is complete
      // Conditional on the state just read: two concurrent right answers advance the schedule once.
      return WrongAnswer.updateOne({ _id: entry._id, stage: entry.stage, correctStreak: entry.correctStreak }, { $set: next })
    }),
  ])
}

async function markWrong(userId: string, q: QuestionDoc, at: Date): Promise<void> {
  const wrong = () =>
    WrongAnswer.updateOne(
      { userId, questionId: q._id },
      { $set: { ...afterWrong(at), lastWrongAt: at }, $inc: { wrongCount: 1 }, $setOnInsert: { campaignId: q.campaignId } },
      { upsert: true },
    )
  try {
    await wrong()
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    await wrong() // inserted concurrently: now it updates
  }
}
