import { Types } from 'mongoose'
import { ANSWER_HELD_BACK } from '../../../contract/quiz-codes'
import { shanghaiDay, shanghaiDayStart } from '../../clock'
import type { AppDeps } from '../../deps'
import { badRequest, conflict, isDuplicateKeyError, notFound } from '../../errors'
import { getCurrentCampaign, toCampaignView } from '../campaigns/service'
import { Chapter, Question, type QuestionDoc } from '../handbook/model'
import { onCompletion, onEngagedTime } from '../progress/service'
import { EXAM_GRACE_MS } from './exams'
import { AnswerLog, ChallengeBest, DailySet, QuizAttempt, WrongAnswer, type AttemptDoc } from './model'
import { recordAnswer } from './answers'
import { awardEngagedMinutes, awardPoints, POINT_RULES } from './points'
import { decodeSelection, loadQuestion, publicQuestion, publicSelection, questionsById, revealedQuestion } from './questions'
import { FINAL_STAGE, isDue } from './schedule'
import { scoreAnswer, seededRandom, shuffle } from './scoring'

export const CHALLENGE_SECONDS_PER_QUESTION = 20

// Completed articles and handbook chapters earn study points.
onCompletion(async ({ userId, itemKey, campaignId, at, write }) => {
  const kind = itemKey.startsWith('chapter:') ? 'chapter' : 'article'
  await awardPoints(userId, campaignId, kind, itemKey, at, undefined, write)
})
// Engaged reading time earns 有效学习时长 points per whole step crossed (rare: a few times a day per reader).
onEngagedTime(async (e) => void (await awardEngagedMinutes(e)))

// ---------- what a reader may not see the answer to right now ----------

/** Open exam papers of the reader (still within their time) that contain these questions. */
async function openExamQuestionIds(userId: string, now: Date): Promise<Set<string>> {
  const open = await QuizAttempt.find({ userId, kind: 'exam', status: 'open', deadline: { $gt: new Date(now.getTime() - EXAM_GRACE_MS) } }, { items: 1 }).lean<AttemptDoc[]>()
  return new Set(open.flatMap((a) => a.items.map((i) => String(i.questionId))))
}

/**
 * Practice and review give the answer at once, so they must not answer questions the reader
 * is being tested on: a question of an open exam paper, the current challenge question, or
 * today's daily question not yet answered. (Read mode shows the whole bank with answers on
 * purpose: the handbook is the study material, so exams are open-book — see docs/quiz.md.)
 */
async function assertAnswerMayBeShown(userId: string, questionId: string, now: Date, only: 'exam' | 'all'): Promise<void> {
  if ((await openExamQuestionIds(userId, now)).has(questionId)) {
    throw conflict('这道题在你正在作答的竞赛试卷中，交卷后才能练习并查看解析', ANSWER_HELD_BACK.openExam)
  }
  if (only === 'exam') return
  const challenges = await QuizAttempt.find({ userId, kind: 'challenge', status: 'open', deadline: { $gte: now } }, { items: 1 }).lean<AttemptDoc[]>()
  if (challenges.some((c) => String(c.items[c.items.length - 1]?.questionId) === questionId)) {
    throw conflict('这道题是你正在挑战的题目，请在挑战答题中作答', ANSWER_HELD_BACK.challenge)
  }
  const day = shanghaiDay(now)
  const daily = await DailySet.findOne({ userId, day, questionIds: new Types.ObjectId(questionId) }, { _id: 1 }).lean()
  if (daily && !(await AnswerLog.exists({ userId, mode: 'daily', questionId, at: { $gte: shanghaiDayStart(day) } }))) {
    throw conflict('这道题在你今天的每日一练中，请先在每日一练中作答', ANSWER_HELD_BACK.daily)
  }
}

// ---------- practice (instant feedback, resumable) ----------

export async function practiceChapter(userId: string, chapterId: string) {
  const chapter = await Chapter.findById(chapterId).lean()
  if (!chapter) throw notFound('章节不存在', 'CHAPTER_NOT_FOUND')
  const questions = await Question.find({ chapterId, active: true }).sort({ order: 1 }).lean<QuestionDoc[]>()
  const logs = await AnswerLog.find({ userId, mode: 'practice', chapterId }).sort({ at: 1 }).lean()
  const last = new Map(logs.map((l) => [String(l.questionId), l]))
  const items = questions.map((q) => {
    const answered = last.get(String(q._id))
    return { ...publicQuestion(q), ...(answered ? { answered: { selected: publicSelection(q, answered.selected), correct: answered.correct, ...revealedQuestion(q) } } : {}) }
  })
  const resumeAt = items.findIndex((i) => !('answered' in i))
  return { chapter: { id: String(chapter._id), title: chapter.title }, items, resumeAt: resumeAt < 0 ? items.length : resumeAt }
}

/** Practice and wrong-book review: answer one question, get the verdict and explanation at once. */
export async function answerPractice(deps: AppDeps, userId: string, questionId: string, selected: string[], mode: 'practice' | 'review', answerId?: string) {
  const now = deps.clock.now()
  const q = await loadQuestion(questionId)
  const stored = decodeSelection(q, selected)
  await assertAnswerMayBeShown(userId, questionId, now, 'all')
  const { correct } = scoreAnswer(q, stored, 1)
  await recordAnswer(userId, q, mode, stored, correct, now, answerId)
  return { correct, ...revealedQuestion(q) }
}

// ---------- daily quiz ----------

/**
 * The reader's quiz for today (Asia/Shanghai): drawn once, deterministically from (reader, day),
 * preferring questions the reader has never answered; stored so it stays the same all day.
 */
export async function dailyQuiz(deps: AppDeps, userId: string) {
  const now = deps.clock.now()
  const campaign = toCampaignView(await getCurrentCampaign(now))
  const day = shanghaiDay(now)
  let set = await DailySet.findOne({ userId, campaignId: campaign.id, day }).lean()
  if (!set) {
    const all = await Question.find({ campaignId: campaign.id, active: true }, { _id: 1 }).sort({ _id: 1 }).lean()
    const seen = new Set((await AnswerLog.distinct('questionId', { userId })).map(String))
    const random = seededRandom(`${userId}:${day}`)
    const unseen = shuffle(
      all.filter((q) => !seen.has(String(q._id))),
      random,
    )
    const seenOnes = shuffle(
      all.filter((q) => seen.has(String(q._id))),
      random,
    )
    const questionIds = [...unseen, ...seenOnes].slice(0, campaign.settings.dailyQuizSize).map((q) => q._id)
    try {
      await DailySet.create({ userId, campaignId: campaign.id, day, questionIds })
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err // only "created concurrently" is expected: read it back below
    }
    set = (await DailySet.findOne({ userId, campaignId: campaign.id, day }).lean())!
  }
  const byId = await questionsById(set.questionIds)
  const logs = await AnswerLog.find({ userId, mode: 'daily', questionId: { $in: set.questionIds }, at: { $gte: shanghaiDayStart(day) } }).lean()
  const answered = new Map(logs.map((l) => [String(l.questionId), l]))
  const items = set.questionIds
    .map((id) => byId.get(String(id)))
    .filter((q): q is QuestionDoc => !!q)
    .map((q) => {
      const a = answered.get(String(q._id))
      return { ...publicQuestion(q), ...(a ? { answered: { selected: publicSelection(q, a.selected), correct: a.correct, ...revealedQuestion(q) } } : {}) }
    })
  return { day, items, done: items.every((i) => 'answered' in i) }
}

export async function answerDaily(deps: AppDeps, userId: string, questionId: string, selected: string[]) {
  const today = await dailyQuiz(deps, userId)
  const item = today.items.find((i) => i.id === questionId)
  if (!item) throw badRequest('这道题不在今天的每日一练中', 'NOT_IN_DAILY_SET')
  if ('answered' in item) throw conflict('这道题今天已经答过了', 'ALREADY_ANSWERED')
  const q = await loadQuestion(questionId)
  const stored = decodeSelection(q, selected)
  const now = deps.clock.now()
  await assertAnswerMayBeShown(userId, questionId, now, 'exam')
  const { correct } = scoreAnswer(q, stored, 1)
  await recordAnswer(userId, q, 'daily', stored, correct, now)
  const after = await dailyQuiz(deps, userId)
  let pointsAwarded = 0
  if (after.done) pointsAwarded = await awardPoints(userId, q.campaignId, 'daily', `daily:${after.day}`, now)
  return { correct, ...revealedQuestion(q), done: after.done, pointsAwarded }
}

// ---------- challenge ----------

async function nextChallengeQuestion(userId: string, campaignId: Types.ObjectId, exclude: string[], now: Date): Promise<QuestionDoc | null> {
  // Never a question of the reader's open exam paper: the challenge reveals each answer.
  const excluded = [...exclude, ...(await openExamQuestionIds(userId, now))]
  const pool = await Question.find({ campaignId, active: true, _id: { $nin: excluded.map((id) => new Types.ObjectId(id)) } }, { _id: 1 }).lean()
  if (!pool.length) return null
  return Question.findById(pool[Math.floor(Math.random() * pool.length)]._id).lean<QuestionDoc>()
}

/** One wrong answer (or running out of time) ends a run. */
export const CHALLENGE_LIVES = 1

/** The challenge's rules as applied in answerChallenge, and the reader's best streak in the current campaign. */
export async function challengeRules(deps: AppDeps, userId: string) {
  const campaign = await getCurrentCampaign(deps.clock.now())
  const best = (await ChallengeBest.findOne({ userId, campaignId: campaign._id }).lean())?.best ?? 0
  return {
    secondsPerQuestion: CHALLENGE_SECONDS_PER_QUESTION,
    lives: CHALLENGE_LIVES,
    pointsPerRightAnswer: POINT_RULES.challenge.points,
    pointsDailyCap: POINT_RULES.challenge.dailyCap,
    best,
  }
}

export async function startChallenge(deps: AppDeps, userId: string) {
  const now = deps.clock.now()
  const campaign = await getCurrentCampaign(now)
  const q = await nextChallengeQuestion(userId, campaign._id, [], now)
  if (!q) throw conflict('题库为空', 'BANK_EMPTY')
  const attempt = await QuizAttempt.create({
    userId,
    campaignId: campaign._id,
    kind: 'challenge',
    items: [{ questionId: q._id, optionOrder: q.options.map((o) => o.id), points: 1 }],
    startedAt: now,
    deadline: new Date(now.getTime() + CHALLENGE_SECONDS_PER_QUESTION * 1000),
  })
  return { attemptId: String(attempt._id), streak: 0, question: publicQuestion(q), deadline: attempt.deadline!.toISOString() }
}

/** Answer until the first mistake; each question has its own deadline on the server clock. */
export async function answerChallenge(deps: AppDeps, userId: string, attemptId: string, questionId: string, selected: string[]) {
  const now = deps.clock.now()
  const attempt = await QuizAttempt.findOne({ _id: attemptId, userId, kind: 'challenge' }).lean<AttemptDoc>()
  if (!attempt) throw notFound('挑战不存在', 'ATTEMPT_NOT_FOUND')
  if (attempt.status !== 'open') throw conflict('本轮挑战已结束', 'CHALLENGE_OVER')
  const current = attempt.items[attempt.items.length - 1]
  if (String(current.questionId) !== questionId) throw badRequest('请回答当前题目', 'NOT_CURRENT_QUESTION')
  const q = await loadQuestion(questionId)
  const stored = decodeSelection(q, selected)
  const timedOut = now > attempt.deadline!
  const correct = !timedOut && scoreAnswer(q, stored, 1).correct
  const items = attempt.items.map((i, idx) => (idx === attempt.items.length - 1 ? { ...i, selected: stored, answeredAt: now, correct, earned: correct ? 1 : 0 } : i))
  if (correct) {
    const next = await nextChallengeQuestion(
      userId,
      attempt.campaignId,
      items.map((i) => String(i.questionId)),
      now,
    )
    if (next) {
      const deadline = new Date(now.getTime() + CHALLENGE_SECONDS_PER_QUESTION * 1000)
      // Conditional on the streak read: a replayed answer cannot count twice.
      const moved = await QuizAttempt.updateOne(
        { _id: attempt._id, status: 'open', streak: attempt.streak },
        { $set: { items: [...items, { questionId: next._id, optionOrder: next.options.map((o) => o.id), points: 1 }], deadline }, $inc: { streak: 1 } },
      )
      if (moved.modifiedCount !== 1) throw conflict('这道题已经答过了', 'ALREADY_ANSWERED')
      await recordAnswer(userId, q, 'challenge', stored, correct, now)
      return { correct, timedOut, streak: attempt.streak + 1, ended: false, question: publicQuestion(next), deadline: deadline.toISOString(), ...revealedQuestion(q) }
    }
  }
  const streak = attempt.streak + (correct ? 1 : 0)
  const ended = await QuizAttempt.updateOne(
    { _id: attempt._id, status: 'open', streak: attempt.streak },
    { $set: { items, streak, status: 'submitted', submittedAt: now, score: streak } },
  )
  if (ended.modifiedCount !== 1) throw conflict('本轮挑战已结束', 'CHALLENGE_OVER')
  await recordAnswer(userId, q, 'challenge', stored, correct, now)
  await ChallengeBest.updateOne({ userId, campaignId: attempt.campaignId }, { $max: { best: streak } }, { upsert: true })
  const best = (await ChallengeBest.findOne({ userId, campaignId: attempt.campaignId }).lean())?.best ?? streak
  const pointsAwarded =
    streak > 0
      ? await awardPoints(userId, attempt.campaignId, 'challenge', `challenge:${attempt._id}`, now, Math.min(streak * POINT_RULES.challenge.points, POINT_RULES.challenge.dailyCap))
      : 0
  return { correct, timedOut, streak, ended: true, best, pointsAwarded, ...revealedQuestion(q) }
}

// ---------- wrong-answer book ----------

/**
 * The book: every question answered wrong, with its schedule. Questions still being reviewed
 * come without their answer, so the review is a real test; the answer and explanation come
 * with the verdict when the reader answers (or once the question is mastered).
 */
export async function wrongBook(deps: AppDeps, userId: string) {
  const now = deps.clock.now()
  const entries = await WrongAnswer.find({ userId }).lean()
  const questions = await questionsById(entries.map((e) => e.questionId))
  const items = entries
    .filter((e) => questions.has(String(e.questionId)))
    .map((e) => {
      const q = questions.get(String(e.questionId))!
      return {
        ...publicQuestion(q),
        questionId: String(q._id),
        ...(e.mastered ? revealedQuestion(q) : {}),
        wrongCount: e.wrongCount,
        correctStreak: e.correctStreak,
        stage: e.stage,
        nextReviewAt: e.nextReviewAt ? e.nextReviewAt.toISOString() : null,
        // A retired question cannot be reviewed, so it is never due.
        due: e.stage < FINAL_STAGE && q.active !== false && isDue({ nextReviewAt: e.nextReviewAt ?? null }, now),
        mastered: e.mastered,
      }
    })
    .sort((a, b) => Number(b.due) - Number(a.due) || Number(a.mastered) - Number(b.mastered) || (a.nextReviewAt ?? '9').localeCompare(b.nextReviewAt ?? '9'))
  return { items, due: items.filter((i) => i.due).length, mastered: items.filter((i) => i.mastered).length }
}

/** Questions to review now (due first, then the rest not yet mastered), without answers. */
export async function wrongBookPractice(deps: AppDeps, userId: string) {
  const now = deps.clock.now()
  const entries = (await WrongAnswer.find({ userId, stage: { $lt: FINAL_STAGE } }).lean())
    .map((e) => ({ ...e, due: isDue({ nextReviewAt: e.nextReviewAt ?? null }, now) }))
    .filter((e) => e.due || !e.mastered)
    .sort((a, b) => Number(b.due) - Number(a.due) || (a.nextReviewAt?.getTime() ?? 0) - (b.nextReviewAt?.getTime() ?? 0))
    .slice(0, 20)
  // A retired question (no longer in the bank) stays in the book's history but is not offered for review: it cannot be answered.
  const questions = new Map([...(await questionsById(entries.map((e) => e.questionId)))].filter(([, q]) => q.active !== false))
  return {
    items: entries.filter((e) => questions.has(String(e.questionId))).map((e) => ({ ...publicQuestion(questions.get(String(e.questionId))!), due: e.due })),
  }
}
