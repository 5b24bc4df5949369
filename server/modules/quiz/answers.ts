import { isDuplicateKeyError } from '../../errors'
import type { QuestionDoc } from '../handbook/model'
import { AnswerLog, WrongAnswer } from './model'
import { afterRight, afterWrong } from './schedule'

export type AnswerMode = 'practice' | 'daily' | 'exam' | 'challenge' | 'review'

/** Every answer feeds the wrong-answer book: wrong ones enter it (or start over), right ones at a due review advance it. */
export async function recordAnswer(userId: string, q: QuestionDoc, mode: AnswerMode, selected: string[], correct: boolean, at: Date): Promise<void> {
  await AnswerLog.create({ userId, campaignId: q.campaignId, questionId: q._id, chapterId: q.chapterId, mode, selected, correct, at })
  if (!correct) {
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
    return
  }
  const entry = await WrongAnswer.findOne({ userId, questionId: q._id }).lean()
  if (!entry) return
  const next = afterRight({ stage: entry.stage, correctStreak: entry.correctStreak, mastered: entry.mastered, nextReviewAt: entry.nextReviewAt ?? null }, at)
  if (!next) return // not due yet (practice only) or the schedule is complete
  // Conditional on the state just read: two concurrent right answers advance the schedule once.
  await WrongAnswer.updateOne({ _id: entry._id, stage: entry.stage, correctStreak: entry.correctStreak }, { $set: next })
}
