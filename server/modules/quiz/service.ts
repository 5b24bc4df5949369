import { Types } from 'mongoose'
import { shanghaiDay } from '../../clock'
import type { AppDeps } from '../../deps'
import { badRequest, conflict, notFound } from '../../errors'
import { getCurrentCampaign, toCampaignView } from '../campaigns/service'
import { Chapter, Question, type QuestionDoc } from '../handbook/model'
import { onCompletion } from '../progress/service'
import { recordQuizAttempt } from '../summary/service'
import { AnswerLog, ChallengeBest, DailySet, Exam, QuizAttempt, WrongAnswer, type AttemptDoc, type ExamDoc } from './model'
import { awardPoints } from './points'
import { scoreAnswer, seededRandom, shuffle } from './scoring'

const DAY_MS = 24 * 3600_000
export const REVIEW_INTERVAL_DAYS = [1, 2, 4, 7, 15]
export const CHALLENGE_SECONDS_PER_QUESTION = 20

// Completed articles and handbook chapters earn study points.
onCompletion(async ({ userId, itemKey, campaignId, at }) => {
  const kind = itemKey.startsWith('chapter:') ? 'chapter' : 'article'
  await awardPoints(userId, campaignId, kind, itemKey, at)
})

/** A question as a reader may see it before answering: never the answer, explanation or basis. */
export function publicQuestion(q: QuestionDoc, optionOrder?: string[]) {
  const byId = new Map(q.options.map((o) => [o.id, o.text]))
  const order = optionOrder ?? q.options.map((o) => o.id)
  return { id: String(q._id), type: q.type, stem: q.stem, options: order.map((id) => ({ id, text: byId.get(id) ?? '' })) }
}

/** After answering: the answer and why. */
export function revealedQuestion(q: QuestionDoc) {
  return { answer: q.answer, explanation: q.explanation, basis: q.basis }
}

async function loadQuestion(id: string): Promise<QuestionDoc> {
  const q = await Question.findOne({ _id: id, active: true }).lean<QuestionDoc>()
  if (!q) throw notFound('题目不存在', 'QUESTION_NOT_FOUND')
  return q
}

function checkSelection(q: QuestionDoc, selected: string[]): void {
  const ids = new Set(q.options.map((o) => o.id))
  if (selected.some((id) => !ids.has(id))) throw badRequest('所选选项不属于这道题', undefined, 'BAD_OPTION')
  if (q.type !== 'multiple' && selected.length > 1) throw badRequest('这道题只能选一个选项', undefined, 'BAD_OPTION')
}

/** Every answer feeds the wrong-answer book: wrong ones enter it, right ones advance its schedule. */
export async function recordAnswer(userId: string, q: QuestionDoc, mode: 'practice' | 'daily' | 'exam' | 'challenge' | 'review', selected: string[], correct: boolean, at: Date): Promise<void> {
  await AnswerLog.create({ userId, campaignId: q.campaignId, questionId: q._id, chapterId: q.chapterId, mode, selected, correct, at })
  if (!correct) {
    await WrongAnswer.updateOne(
      { userId, questionId: q._id },
      { $set: { correctStreak: 0, stage: 0, mastered: false, lastWrongAt: at, nextReviewAt: new Date(at.getTime() + REVIEW_INTERVAL_DAYS[0] * DAY_MS) }, $inc: { wrongCount: 1 }, $setOnInsert: { campaignId: q.campaignId } },
      { upsert: true },
    )
    return
  }
  const entry = await WrongAnswer.findOne({ userId, questionId: q._id }).lean()
  if (!entry || entry.mastered) return
  const streak = entry.correctStreak + 1
  const stage = Math.min(entry.stage + 1, REVIEW_INTERVAL_DAYS.length - 1)
  await WrongAnswer.updateOne(
    { _id: entry._id },
    { $set: { correctStreak: streak, stage, mastered: streak >= 3, nextReviewAt: new Date(at.getTime() + REVIEW_INTERVAL_DAYS[stage] * DAY_MS) } },
  )
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
    return { ...publicQuestion(q), ...(answered ? { answered: { selected: answered.selected, correct: answered.correct, ...revealedQuestion(q) } } : {}) }
  })
  const resumeAt = Math.max(0, items.findIndex((i) => !('answered' in i)))
  return { chapter: { id: String(chapter._id), title: chapter.title }, items, resumeAt: items.every((i) => 'answered' in i) ? items.length : resumeAt }
}

/** Practice and wrong-book review: answer one question, get the verdict and explanation at once. */
export async function answerPractice(deps: AppDeps, userId: string, questionId: string, selected: string[], mode: 'practice' | 'review') {
  const q = await loadQuestion(questionId)
  checkSelection(q, selected)
  const { correct } = scoreAnswer(q, selected, 1)
  await recordAnswer(userId, q, mode, selected, correct, deps.clock.now())
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
    const unseen = shuffle(all.filter((q) => !seen.has(String(q._id))), random)
    const seenOnes = shuffle(all.filter((q) => seen.has(String(q._id))), random)
    const questionIds = [...unseen, ...seenOnes].slice(0, campaign.settings.dailyQuizSize).map((q) => q._id)
    try {
      await DailySet.create({ userId, campaignId: campaign.id, day, questionIds })
    } catch {
      /* created concurrently: read it back below */
    }
    set = (await DailySet.findOne({ userId, campaignId: campaign.id, day }).lean())!
  }
  const questions = await Question.find({ _id: { $in: set.questionIds } }).lean<QuestionDoc[]>()
  const byId = new Map(questions.map((q) => [String(q._id), q]))
  const logs = await AnswerLog.find({ userId, mode: 'daily', questionId: { $in: set.questionIds }, at: { $gte: new Date(`${day}T00:00:00+08:00`) } }).lean()
  const answered = new Map(logs.map((l) => [String(l.questionId), l]))
  const items = set.questionIds
    .map((id) => byId.get(String(id)))
    .filter((q): q is QuestionDoc => !!q)
    .map((q) => {
      const a = answered.get(String(q._id))
      return { ...publicQuestion(q), ...(a ? { answered: { selected: a.selected, correct: a.correct, ...revealedQuestion(q) } } : {}) }
    })
  return { day, items, done: items.every((i) => 'answered' in i) }
}

export async function answerDaily(deps: AppDeps, userId: string, questionId: string, selected: string[]) {
  const today = await dailyQuiz(deps, userId)
  const item = today.items.find((i) => i.id === questionId)
  if (!item) throw badRequest('这道题不在今天的每日一练中', undefined, 'NOT_IN_DAILY_SET')
  if ('answered' in item) throw conflict('这道题今天已经答过了', 'ALREADY_ANSWERED')
  const q = await loadQuestion(questionId)
  checkSelection(q, selected)
  const { correct } = scoreAnswer(q, selected, 1)
  const now = deps.clock.now()
  await recordAnswer(userId, q, 'daily', selected, correct, now)
  const after = await dailyQuiz(deps, userId)
  let pointsAwarded = 0
  if (after.done) pointsAwarded = await awardPoints(userId, q.campaignId, 'daily', `daily:${after.day}`, now)
  return { correct, ...revealedQuestion(q), done: after.done, pointsAwarded }
}

// ---------- exams ----------

export function examIsOpen(exam: ExamDoc, now: Date): boolean {
  return exam.published && exam.opensAt <= now && (!exam.closesAt || exam.closesAt > now)
}

async function drawPaper(exam: ExamDoc, random: () => number) {
  const chosen = new Set<string>()
  const items: { questionId: Types.ObjectId; optionOrder: string[]; points: number }[] = []
  for (const rule of exam.blueprint) {
    const filter: Record<string, unknown> = { campaignId: exam.campaignId, active: true }
    if (rule.chapterId) filter.chapterId = rule.chapterId
    if (rule.type) filter.type = rule.type
    const pool = (await Question.find(filter, { _id: 1, options: 1 }).lean()).filter((q) => !chosen.has(String(q._id)))
    if (pool.length < rule.count) throw conflict('题库中符合组卷规则的题目不足，请联系管理员', 'BANK_TOO_SMALL')
    for (const q of shuffle(pool, random).slice(0, rule.count)) {
      chosen.add(String(q._id))
      const ids = q.options.map((o) => o.id)
      items.push({ questionId: q._id, optionOrder: exam.shuffleOptions ? shuffle(ids, random) : ids, points: rule.points })
    }
  }
  return exam.shuffleQuestions ? shuffle(items, random) : items
}

async function loadExam(examId: string): Promise<ExamDoc> {
  const exam = await Exam.findById(examId).lean<ExamDoc>()
  if (!exam || !exam.published) throw notFound('竞赛不存在', 'EXAM_NOT_FOUND')
  return exam
}

/** Starts an attempt (or resumes the open one). Attempts beyond the limit → 409. */
export async function startExamAttempt(deps: AppDeps, userId: string, examId: string) {
  const now = deps.clock.now()
  const exam = await loadExam(examId)
  const open = await QuizAttempt.findOne({ userId, examId, status: 'open' }).lean<AttemptDoc>()
  if (open) return examPaper(deps, userId, String(open._id))
  if (!examIsOpen(exam, now)) throw conflict('竞赛不在开放时间内', 'EXAM_CLOSED')
  const used = await QuizAttempt.countDocuments({ userId, examId })
  if (used >= exam.maxAttempts) throw conflict(`最多可参加 ${exam.maxAttempts} 次`, 'ATTEMPTS_EXHAUSTED')
  const items = await drawPaper(exam, Math.random)
  const attempt = await QuizAttempt.create({
    userId,
    campaignId: exam.campaignId,
    kind: 'exam',
    examId,
    attemptNo: used + 1,
    items,
    startedAt: now,
    deadline: new Date(now.getTime() + exam.timeLimitSeconds * 1000),
    maxScore: items.reduce((s, i) => s + i.points, 0),
  })
  return examPaper(deps, userId, String(attempt._id))
}

async function loadAttempt(userId: string, attemptId: string): Promise<AttemptDoc> {
  const attempt = await QuizAttempt.findOne({ _id: attemptId, userId, kind: 'exam' }).lean<AttemptDoc>()
  if (!attempt) throw notFound('答题记录不存在', 'ATTEMPT_NOT_FOUND')
  return attempt
}

/** Closes an attempt whose time ran out, as the exam's setting says. */
async function settleIfOverdue(deps: AppDeps, attempt: AttemptDoc): Promise<AttemptDoc> {
  if (attempt.status !== 'open' || !attempt.deadline || deps.clock.now() <= attempt.deadline) return attempt
  const exam = (await Exam.findById(attempt.examId).lean<ExamDoc>())!
  if (exam.lateSubmission === 'score-at-limit') return finishAttempt(deps, attempt, exam, 'time-limit', attempt.deadline)
  await QuizAttempt.updateOne({ _id: attempt._id, status: 'open' }, { $set: { status: 'expired', submittedAt: attempt.deadline, submittedBy: 'time-limit', score: 0, passed: false } })
  await recordQuizAttempt({ campaignId: attempt.campaignId, userId: attempt.userId, passed: false, at: attempt.deadline })
  return (await QuizAttempt.findById(attempt._id).lean<AttemptDoc>())!
}

export async function examPaper(deps: AppDeps, userId: string, attemptId: string) {
  const attempt = await settleIfOverdue(deps, await loadAttempt(userId, attemptId))
  if (attempt.status !== 'open') return { attemptId, status: attempt.status, result: await examReview(deps, userId, attemptId) }
  const exam = (await Exam.findById(attempt.examId).lean<ExamDoc>())!
  const questions = new Map((await Question.find({ _id: { $in: attempt.items.map((i) => i.questionId) } }).lean<QuestionDoc[]>()).map((q) => [String(q._id), q]))
  return {
    attemptId,
    status: attempt.status,
    examTitle: exam.title,
    deadline: attempt.deadline!.toISOString(),
    serverNow: deps.clock.now().toISOString(),
    leaves: attempt.leaves,
    maxLeaves: exam.maxLeaves,
    items: attempt.items.map((i) => ({ ...publicQuestion(questions.get(String(i.questionId))!, i.optionOrder), points: i.points, selected: i.selected ?? null })),
  }
}

export async function saveExamAnswer(deps: AppDeps, userId: string, attemptId: string, questionId: string, selected: string[]) {
  const attempt = await settleIfOverdue(deps, await loadAttempt(userId, attemptId))
  if (attempt.status !== 'open') throw conflict('答题时间已到或已交卷，不能再修改答案', 'ATTEMPT_CLOSED')
  const index = attempt.items.findIndex((i) => String(i.questionId) === questionId)
  if (index < 0) throw badRequest('这道题不在本试卷中', undefined, 'NOT_IN_PAPER')
  checkSelection(await loadQuestion(questionId), selected)
  await QuizAttempt.updateOne({ _id: attempt._id, status: 'open' }, { $set: { [`items.${index}.selected`]: selected, [`items.${index}.answeredAt`]: deps.clock.now() } })
  return { saved: true }
}

/** onHide in the exam page: counts a leave; one over the limit submits the attempt. */
export async function recordLeave(deps: AppDeps, userId: string, attemptId: string) {
  const attempt = await settleIfOverdue(deps, await loadAttempt(userId, attemptId))
  if (attempt.status !== 'open') return { leaves: attempt.leaves, submitted: true }
  const exam = (await Exam.findById(attempt.examId).lean<ExamDoc>())!
  const leaves = attempt.leaves + 1
  await QuizAttempt.updateOne({ _id: attempt._id }, { $set: { leaves } })
  if (leaves > exam.maxLeaves) {
    await finishAttempt(deps, { ...attempt, leaves }, exam, 'leave-limit', deps.clock.now())
    return { leaves, maxLeaves: exam.maxLeaves, submitted: true }
  }
  return { leaves, maxLeaves: exam.maxLeaves, submitted: false }
}

async function finishAttempt(deps: AppDeps, attempt: AttemptDoc, exam: ExamDoc, by: 'reader' | 'time-limit' | 'leave-limit', at: Date): Promise<AttemptDoc> {
  const questions = new Map((await Question.find({ _id: { $in: attempt.items.map((i) => i.questionId) } }).lean<QuestionDoc[]>()).map((q) => [String(q._id), q]))
  const items = attempt.items.map((i) => {
    const selected = i.answeredAt && i.answeredAt <= at ? (i.selected ?? []) : []
    const { correct, earned } = scoreAnswer(questions.get(String(i.questionId))!, selected, i.points, exam.partialCredit)
    return { ...i, selected, correct, earned }
  })
  const score = Math.round(items.reduce((s, i) => s + i.earned, 0) * 100) / 100
  const maxScore = items.reduce((s, i) => s + i.points, 0)
  const passed = maxScore > 0 && score / maxScore >= exam.passMark
  const closed = await QuizAttempt.updateOne({ _id: attempt._id, status: 'open' }, { $set: { items, status: 'submitted', submittedAt: at, submittedBy: by, score, maxScore, passed } })
  if (closed.modifiedCount === 1) {
    const userId = String(attempt.userId)
    for (const i of items) await recordAnswer(userId, questions.get(String(i.questionId))!, 'exam', i.selected, i.correct, at)
    await recordQuizAttempt({ campaignId: attempt.campaignId, userId, passed, at })
    if (passed) await awardPoints(userId, attempt.campaignId, 'exam', `exam:${exam._id}`, at)
  }
  return (await QuizAttempt.findById(attempt._id).lean<AttemptDoc>())!
}

/** Submits on the server clock: after the deadline it is refused or scored at the limit, per the exam. */
export async function submitExam(deps: AppDeps, userId: string, attemptId: string) {
  const before = await loadAttempt(userId, attemptId)
  if (before.status !== 'open') throw conflict('已经交卷', 'ALREADY_SUBMITTED')
  const settled = await settleIfOverdue(deps, before)
  if (settled.status === 'expired') throw conflict('已超过答题时间，本次作答按规定不予计分', 'TIME_UP')
  if (settled.status === 'open') {
    const exam = (await Exam.findById(before.examId).lean<ExamDoc>())!
    await finishAttempt(deps, settled, exam, 'reader', deps.clock.now())
  }
  return examReview(deps, userId, attemptId)
}

/** After submission only: score, pass, and every question with the answer and explanation. */
export async function examReview(deps: AppDeps, userId: string, attemptId: string) {
  const attempt = await loadAttempt(userId, attemptId)
  if (attempt.status === 'open') throw conflict('交卷后才能查看解析', 'NOT_SUBMITTED')
  const exam = (await Exam.findById(attempt.examId).lean<ExamDoc>())!
  const questions = new Map((await Question.find({ _id: { $in: attempt.items.map((i) => i.questionId) } }).lean<QuestionDoc[]>()).map((q) => [String(q._id), q]))
  return {
    attemptId,
    examTitle: exam.title,
    status: attempt.status,
    submittedBy: attempt.submittedBy ?? null,
    score: attempt.score ?? 0,
    maxScore: attempt.maxScore ?? 0,
    passMark: exam.passMark,
    passed: !!attempt.passed,
    items: attempt.items.map((i) => {
      const q = questions.get(String(i.questionId))!
      return { ...publicQuestion(q, i.optionOrder), ...revealedQuestion(q), points: i.points, selected: i.selected ?? [], correct: !!i.correct, earned: i.earned ?? 0 }
    }),
  }
}

export async function listExamsForReader(deps: AppDeps, userId: string) {
  const now = deps.clock.now()
  const campaign = await getCurrentCampaign(now)
  const exams = await Exam.find({ campaignId: campaign._id, published: true }).sort({ opensAt: -1 }).lean<ExamDoc[]>()
  const attempts = await QuizAttempt.find({ userId, kind: 'exam' }, { examId: 1, status: 1, score: 1, maxScore: 1, passed: 1 }).lean()
  return exams.map((e) => {
    const mine = attempts.filter((a) => String(a.examId) === String(e._id))
    return {
      id: String(e._id),
      title: e.title,
      description: e.description ?? '',
      questionCount: e.blueprint.reduce((s, r) => s + r.count, 0),
      timeLimitMinutes: Math.round(e.timeLimitSeconds / 60),
      passMark: e.passMark,
      open: examIsOpen(e, now),
      attemptsUsed: mine.length,
      maxAttempts: e.maxAttempts,
      openAttemptId: mine.find((a) => a.status === 'open') ? String(mine.find((a) => a.status === 'open')!._id) : null,
      bestScore: mine.reduce<number | null>((best, a) => (a.score !== undefined && a.score !== null && (best === null || a.score > best) ? a.score : best), null),
      passed: mine.some((a) => a.passed),
    }
  })
}

// ---------- challenge ----------

async function nextChallengeQuestion(campaignId: Types.ObjectId, exclude: string[]): Promise<QuestionDoc | null> {
  const pool = await Question.find({ campaignId, active: true, _id: { $nin: exclude.map((id) => new Types.ObjectId(id)) } }, { _id: 1 }).lean()
  if (!pool.length) return null
  return Question.findById(pool[Math.floor(Math.random() * pool.length)]._id).lean<QuestionDoc>()
}

export async function startChallenge(deps: AppDeps, userId: string) {
  const now = deps.clock.now()
  const campaign = await getCurrentCampaign(now)
  const q = await nextChallengeQuestion(campaign._id, [])
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
  if (String(current.questionId) !== questionId) throw badRequest('请回答当前题目', undefined, 'NOT_CURRENT_QUESTION')
  const q = await loadQuestion(questionId)
  checkSelection(q, selected)
  const timedOut = now > attempt.deadline!
  const correct = !timedOut && scoreAnswer(q, selected, 1).correct
  await recordAnswer(userId, q, 'challenge', selected, correct, now)
  const items = attempt.items.map((i, idx) => (idx === attempt.items.length - 1 ? { ...i, selected, answeredAt: now, correct, earned: correct ? 1 : 0 } : i))
  if (correct) {
    const next = await nextChallengeQuestion(attempt.campaignId, items.map((i) => String(i.questionId)))
    if (next) {
      const deadline = new Date(now.getTime() + CHALLENGE_SECONDS_PER_QUESTION * 1000)
      await QuizAttempt.updateOne({ _id: attempt._id }, { $set: { items: [...items, { questionId: next._id, optionOrder: next.options.map((o) => o.id), points: 1 }], streak: attempt.streak + 1, deadline } })
      return { correct, timedOut, streak: attempt.streak + 1, ended: false, question: publicQuestion(next), deadline: deadline.toISOString(), ...revealedQuestion(q) }
    }
  }
  const streak = attempt.streak + (correct ? 1 : 0)
  await QuizAttempt.updateOne({ _id: attempt._id }, { $set: { items, streak, status: 'submitted', submittedAt: now, score: streak } })
  await ChallengeBest.updateOne({ userId, campaignId: attempt.campaignId }, { $max: { best: streak } }, { upsert: true })
  const best = (await ChallengeBest.findOne({ userId, campaignId: attempt.campaignId }).lean())?.best ?? streak
  const pointsAwarded = streak > 0 ? await awardPoints(userId, attempt.campaignId, 'challenge', `challenge:${attempt._id}`, now, Math.min(streak, 6)) : 0
  return { correct, timedOut, streak, ended: true, best, pointsAwarded, ...revealedQuestion(q) }
}

// ---------- wrong-answer book ----------

export async function wrongBook(deps: AppDeps, userId: string) {
  const now = deps.clock.now()
  const entries = await WrongAnswer.find({ userId }).sort({ nextReviewAt: 1 }).lean()
  const questions = new Map((await Question.find({ _id: { $in: entries.map((e) => e.questionId) } }).lean<QuestionDoc[]>()).map((q) => [String(q._id), q]))
  const items = entries
    .filter((e) => questions.has(String(e.questionId)))
    .map((e) => {
      const q = questions.get(String(e.questionId))!
      return {
        questionId: String(q._id),
        stem: q.stem,
        type: q.type,
        options: q.options.map((o) => ({ id: o.id, text: o.text })),
        ...revealedQuestion(q),
        wrongCount: e.wrongCount,
        correctStreak: e.correctStreak,
        nextReviewAt: e.nextReviewAt.toISOString(),
        due: !e.mastered && e.nextReviewAt <= now,
        mastered: e.mastered,
      }
    })
  return { items, due: items.filter((i) => i.due).length, mastered: items.filter((i) => i.mastered).length }
}

/** Questions to review now (due first, then the rest not yet mastered), without answers. */
export async function wrongBookPractice(deps: AppDeps, userId: string) {
  const now = deps.clock.now()
  const entries = await WrongAnswer.find({ userId, mastered: false }).sort({ nextReviewAt: 1 }).limit(20).lean()
  const questions = new Map((await Question.find({ _id: { $in: entries.map((e) => e.questionId) } }).lean<QuestionDoc[]>()).map((q) => [String(q._id), q]))
  return {
    items: entries.filter((e) => questions.has(String(e.questionId))).map((e) => ({ ...publicQuestion(questions.get(String(e.questionId))!), due: e.nextReviewAt <= now })),
  }
}
