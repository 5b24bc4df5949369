import { Types } from 'mongoose'
import type { z } from 'zod'
import type { AppDeps } from '../../deps'
import { badRequest, conflict, fieldInvalid, isDuplicateKeyError, notFound } from '../../errors'
import { campaignOrCurrent, getCurrentCampaign, toCampaignView } from '../campaigns/service'
import { QUESTION_TYPE_NAMES } from '../handbook/bank'
import type { QuestionType } from '../handbook/content/types'
import { Chapter, Question } from '../handbook/model'
import { PersonSummary } from '../summary/model'
import { identityOf, recordQuizAttempt } from '../summary/service'
import { recordAnswers } from './answers'
import { Exam, ExamSeat, PointsEntry, QuizAttempt, type AttemptDoc, type ExamDoc } from './model'
import { awardPoints } from './points'
import { decodeSelection, loadQuestion, publicQuestion, publicSelection, questionsById, revealedQuestion } from './questions'
import type { AdminExamOut, examInput, examPatch } from '../../../contract/quiz'
import { scoreAnswer, shuffle } from './scoring'

/**
 * Under lateSubmission 'refuse', answers and the submission are still taken this long after
 * the deadline, for network latency (the app submits by itself when its countdown ends).
 * Under 'score-at-limit' the attempt is scored with what was saved by the deadline.
 */
export const EXAM_GRACE_MS = 5_000

/** A blueprint rule as stored or as sent by the admin page. */
interface Rule {
  chapterId?: Types.ObjectId | string | null
  type?: string | null
  count: number
}

export function examIsOpen(exam: Pick<ExamDoc, 'published' | 'opensAt' | 'closesAt'>, now: Date): boolean {
  return exam.published && exam.opensAt <= now && (!exam.closesAt || exam.closesAt > now)
}

// ---------- blueprint ----------

/** Rules in draw order: the most specific first (chapter and type, then one of them, then any), so a broad rule cannot take what a narrow one needs. */
function drawOrder(blueprint: readonly Rule[]): number[] {
  const specificity = (r: Rule) => Number(!!r.chapterId) + Number(!!r.type)
  return blueprint.map((_, i) => i).sort((a, b) => specificity(blueprint[b]) - specificity(blueprint[a]) || a - b)
}

async function rulePool(campaignId: Types.ObjectId | string, rule: Rule) {
  const filter: Record<string, unknown> = { campaignId, active: true }
  if (rule.chapterId) filter.chapterId = rule.chapterId
  if (rule.type) filter.type = rule.type
  return Question.find(filter, { _id: 1, options: 1 }).lean()
}

/**
 * 400 unless the bank can always fill the blueprint: each rule must find its count even if
 * every rule drawn before it took as many of the same questions as it could.
 */
export async function assertBlueprintFillable(campaignId: Types.ObjectId | string, blueprint: readonly Rule[]): Promise<void> {
  const chapterIds = blueprint.flatMap((r) => (r.chapterId ? [String(r.chapterId)] : []))
  const chapters = new Map((await Chapter.find({ _id: { $in: chapterIds }, campaignId }, { title: 1 }).lean()).map((c) => [String(c._id), c.title]))
  for (const [i, r] of blueprint.entries()) {
    if (r.chapterId && !chapters.has(String(r.chapterId))) throw badRequest(`组卷规则第 ${i + 1} 条中的章节不存在`, 'UNKNOWN_CHAPTER', { rule: i + 1 })
  }
  const pools = await Promise.all(blueprint.map(async (r) => new Set((await rulePool(campaignId, r)).map((q) => String(q._id)))))
  const order = drawOrder(blueprint)
  for (const [position, i] of order.entries()) {
    const rule = blueprint[i]
    const taken = order.slice(0, position).reduce((sum, j) => sum + Math.min(blueprint[j].count, [...pools[j]].filter((id) => pools[i].has(id)).length), 0)
    const available = pools[i].size - taken
    if (available < rule.count) {
      const name = `${rule.chapterId ? `“${chapters.get(String(rule.chapterId))}”` : '全部章节'} · ${rule.type ? QUESTION_TYPE_NAMES[rule.type as QuestionType] : '全部题型'}`
      const shared = taken ? `，其中 ${taken} 题可能已被其他规则抽走` : ''
      throw badRequest(`组卷规则第 ${i + 1} 条（${name}）需要 ${rule.count} 题，题库中只有 ${pools[i].size} 题${shared}`, 'BLUEPRINT_UNFILLABLE', {
        rule: i + 1,
        needed: rule.count,
        inBank: pools[i].size,
        sharedWithOtherRules: taken,
      })
    }
  }
}

async function drawPaper(exam: ExamDoc, random: () => number) {
  const chosen = new Set<string>()
  const byRule: { questionId: Types.ObjectId; optionOrder: string[]; points: number }[][] = exam.blueprint.map(() => [])
  for (const i of drawOrder(exam.blueprint)) {
    const rule = exam.blueprint[i]
    const pool = (await rulePool(exam.campaignId, rule)).filter((q) => !chosen.has(String(q._id)))
    if (pool.length < rule.count) throw conflict('题库中符合组卷规则的题目不足，请联系管理员', 'BANK_TOO_SMALL')
    for (const q of shuffle(pool, random).slice(0, rule.count)) {
      chosen.add(String(q._id))
      const ids = q.options.map((o) => o.id)
      byRule[i].push({ questionId: q._id, optionOrder: exam.shuffleOptions ? shuffle(ids, random) : ids, points: rule.points })
    }
  }
  const items = byRule.flat() // blueprint order
  return exam.shuffleQuestions ? shuffle(items, random) : items
}

// ---------- admin ----------

export async function createExam(deps: AppDeps, body: z.infer<typeof examInput>) {
  const campaign = toCampaignView(await campaignOrCurrent(deps.clock.now(), body.campaignId))
  await assertBlueprintFillable(campaign.id, body.blueprint)
  const exam = await Exam.create({ ...body, campaignId: campaign.id, passMark: body.passMark ?? campaign.settings.passMark })
  return toAdminExamView(exam.toObject())
}

/** An exam as the admin console edits it: every field by name, no storage internals (_id, __v). */
function toAdminExamView(e: ExamDoc): AdminExamOut {
  return {
    id: String(e._id),
    campaignId: String(e.campaignId),
    title: e.title,
    description: e.description,
    blueprint: e.blueprint.map((r) => ({ chapterId: r.chapterId ? String(r.chapterId) : null, type: r.type ?? null, count: r.count, points: r.points })),
    timeLimitSeconds: e.timeLimitSeconds,
    maxAttempts: e.maxAttempts,
    opensAt: e.opensAt.toISOString(),
    closesAt: e.closesAt ? e.closesAt.toISOString() : null,
    passMark: e.passMark,
    shuffleQuestions: e.shuffleQuestions,
    shuffleOptions: e.shuffleOptions,
    partialCredit: e.partialCredit,
    maxLeaves: e.maxLeaves,
    lateSubmission: e.lateSubmission,
    published: e.published,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  }
}

/** Edits apply to attempts started afterwards; papers already drawn keep their questions and points. */
export async function updateExam(id: string, patch: z.infer<typeof examPatch>) {
  const exam = await Exam.findById(id).lean<ExamDoc>()
  if (!exam) throw notFound('竞赛不存在', 'EXAM_NOT_FOUND')
  const opensAt = patch.opensAt ?? exam.opensAt
  const closesAt = patch.closesAt === undefined ? exam.closesAt : patch.closesAt
  if (closesAt && closesAt <= opensAt) throw fieldInvalid('closesAt', '结束时间须晚于开始时间')
  if (patch.blueprint || patch.published) await assertBlueprintFillable(exam.campaignId, patch.blueprint ?? exam.blueprint)
  const updated = await Exam.findByIdAndUpdate(id, { $set: patch }, { returnDocument: 'after' }).lean<ExamDoc>()
  if (!updated) throw notFound('竞赛不存在', 'EXAM_NOT_FOUND')
  return toAdminExamView(updated)
}

export async function listExamsForAdmin(deps: AppDeps) {
  const campaign = await getCurrentCampaign(deps.clock.now())
  return (await Exam.find({ campaignId: campaign._id }).sort({ createdAt: -1 }).lean<ExamDoc[]>()).map(toAdminExamView)
}

// ---------- attempts ----------

async function loadAttempt(userId: string, attemptId: string): Promise<AttemptDoc> {
  const attempt = await QuizAttempt.findOne({ _id: attemptId, userId, kind: 'exam' }).lean<AttemptDoc>()
  if (!attempt) throw notFound('答题记录不存在', 'ATTEMPT_NOT_FOUND')
  return attempt
}

const examOf = async (attempt: AttemptDoc) => (await Exam.findById(attempt.examId).lean<ExamDoc>())!
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * Starts an attempt, or resumes the reader's open one (also after the exam was unpublished or
 * closed: an attempt once started can always be finished). Attempts beyond the limit → 409.
 * The attempt number is claimed as a unique seat first, so concurrent starts cannot exceed
 * the limit; a start that loses the race to a concurrent one (a double tap) resumes it.
 */
export async function startExamAttempt(deps: AppDeps, userId: string, examId: string) {
  const now = deps.clock.now()
  const exam = await Exam.findById(examId).lean<ExamDoc>()
  if (!exam) throw notFound('竞赛不存在', 'EXAM_NOT_FOUND')
  const open = await QuizAttempt.findOne({ userId, examId, kind: 'exam', status: 'open' }).lean<AttemptDoc>()
  // An open attempt whose time ran out is closed first; then a new one may start.
  if (open && (await settleIfOverdue(deps, open, exam)).status === 'open') return examPaper(deps, userId, String(open._id))
  if (!exam.published) throw notFound('竞赛不存在', 'EXAM_NOT_FOUND')
  if (!examIsOpen(exam, now)) throw conflict('竞赛不在开放时间内', 'EXAM_CLOSED')
  const used = Math.max(await QuizAttempt.countDocuments({ userId, examId, kind: 'exam' }), await ExamSeat.countDocuments({ userId, examId }))
  if (used >= exam.maxAttempts) throw conflict(`最多可参加 ${exam.maxAttempts} 次`, 'ATTEMPTS_EXHAUSTED')
  const items = await drawPaper(exam, Math.random)
  const attemptNo = used + 1
  const attemptId = new Types.ObjectId()
  try {
    await ExamSeat.create({ userId, examId, attemptNo, attemptId, at: now })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    return resumeConcurrentStart(deps, userId, examId, attemptNo)
  }
  // A double tap can count the first tap's seat before its attempt is written: this start then
  // holds the next seat, and must not open a second attempt beside the first one.
  const earlier = await earlierStartUnderWay(userId, examId, attemptNo, now)
  if (earlier !== null) {
    await ExamSeat.deleteOne({ userId, examId, attemptNo, attemptId })
    return resumeConcurrentStart(deps, userId, examId, earlier)
  }
  const limitEnd = new Date(now.getTime() + exam.timeLimitSeconds * 1000)
  try {
    await QuizAttempt.create({
      _id: attemptId,
      userId,
      campaignId: exam.campaignId,
      kind: 'exam',
      examId,
      attemptNo,
      items,
      startedAt: now,
      // Never past the exam's close time.
      deadline: exam.closesAt && exam.closesAt < limitEnd ? exam.closesAt : limitEnd,
      maxScore: items.reduce((s, i) => s + i.points, 0),
    })
  } catch (err) {
    await ExamSeat.deleteOne({ userId, examId, attemptNo, attemptId })
    throw err
  }
  return examPaper(deps, userId, String(attemptId))
}

/** A seat whose attempt was not written this long after it was claimed is left from a failed start (it still counts as used). */
const SEAT_WRITE_MS = 30_000

/**
 * The attempt number of an earlier seat whose start is still under way: its attempt is open,
 * or not written yet (claimed less than SEAT_WRITE_MS ago). Null when there is none.
 */
async function earlierStartUnderWay(userId: string, examId: string, attemptNo: number, now: Date): Promise<number | null> {
  if (attemptNo === 1) return null
  const seats = await ExamSeat.find({ userId, examId, attemptNo: { $lt: attemptNo } }, { attemptNo: 1, attemptId: 1, at: 1 }).lean()
  const status = new Map((await QuizAttempt.find({ _id: { $in: seats.map((s) => s.attemptId) } }, { status: 1 }).lean()).map((a) => [String(a._id), a.status]))
  const underWay = seats.find((s) => {
    const st = status.get(String(s.attemptId))
    return st === 'open' || (st === undefined && now.getTime() - s.at.getTime() < SEAT_WRITE_MS)
  })
  return underWay ? underWay.attemptNo : null
}

/** Another request of the same reader claimed this attempt number a moment ago: wait for its attempt and resume it. */
async function resumeConcurrentStart(deps: AppDeps, userId: string, examId: string, attemptNo: number) {
  const seat = await ExamSeat.findOne({ userId, examId, attemptNo }).lean()
  for (let i = 0; seat && i < 20; i++) {
    const attempt = await QuizAttempt.findById(seat.attemptId, { status: 1 }).lean()
    if (attempt?.status === 'open') return examPaper(deps, userId, String(attempt._id))
    if (attempt) break
    await sleep(100)
  }
  throw conflict('本次作答已在另一处开始，请刷新后继续', 'ATTEMPT_STARTED_ELSEWHERE')
}

/** Closes an attempt whose time ran out, as the exam's setting says. */
async function settleIfOverdue(deps: AppDeps, attempt: AttemptDoc, exam?: ExamDoc): Promise<AttemptDoc> {
  if (attempt.status !== 'open' || !attempt.deadline) return attempt
  exam ??= await examOf(attempt)
  const grace = exam.lateSubmission === 'refuse' ? EXAM_GRACE_MS : 0
  if (deps.clock.now().getTime() <= attempt.deadline.getTime() + grace) return attempt
  if (exam.lateSubmission === 'score-at-limit') return finishAttempt(attempt, exam, 'time-limit', attempt.deadline)
  const expired = await QuizAttempt.updateOne(
    { _id: attempt._id, status: 'open' },
    { $set: { status: 'expired', submittedAt: attempt.deadline, submittedBy: 'time-limit', score: 0, passed: false } },
  )
  // Only the request that expired it records it; one that lost the race to a submit or another expiry does not.
  if (expired.modifiedCount === 1) await recordQuizAttempt({ campaignId: attempt.campaignId, userId: attempt.userId, passed: false, at: attempt.deadline })
  return (await QuizAttempt.findById(attempt._id).lean<AttemptDoc>())!
}

export async function examPaper(deps: AppDeps, userId: string, attemptId: string) {
  const attempt = await settleIfOverdue(deps, await loadAttempt(userId, attemptId))
  if (attempt.status !== 'open') return { attemptId, status: attempt.status, result: await examReview(deps, userId, attemptId) }
  const exam = await examOf(attempt)
  const questions = await questionsById(attempt.items.map((i) => i.questionId))
  return {
    attemptId,
    status: attempt.status,
    examTitle: exam.title,
    deadline: attempt.deadline!.toISOString(),
    serverNow: deps.clock.now().toISOString(),
    lateSubmission: exam.lateSubmission,
    leaves: attempt.leaves,
    maxLeaves: exam.maxLeaves,
    items: attempt.items.map((i) => {
      const q = questions.get(String(i.questionId))!
      return { ...publicQuestion(q, i.optionOrder), points: i.points, selected: i.selected ? publicSelection(q, i.selected) : null }
    }),
  }
}

export async function saveExamAnswer(deps: AppDeps, userId: string, attemptId: string, questionId: string, selected: string[]) {
  const attempt = await settleIfOverdue(deps, await loadAttempt(userId, attemptId))
  if (attempt.status !== 'open') throw conflict('答题时间已到或已交卷，不能再修改答案', 'ATTEMPT_CLOSED')
  const index = attempt.items.findIndex((i) => String(i.questionId) === questionId)
  if (index < 0) throw badRequest('这道题不在本试卷中', 'NOT_IN_PAPER')
  const stored = decodeSelection(await loadQuestion(questionId), selected)
  await QuizAttempt.updateOne({ _id: attempt._id, status: 'open' }, { $set: { [`items.${index}.selected`]: stored, [`items.${index}.answeredAt`]: deps.clock.now() } })
  return { saved: true }
}

/** onHide in the exam page: counts a leave (atomically); one over the limit submits the attempt. */
export async function recordLeave(deps: AppDeps, userId: string, attemptId: string) {
  const before = await loadAttempt(userId, attemptId)
  const exam = await examOf(before)
  const attempt = await settleIfOverdue(deps, before, exam)
  if (attempt.status !== 'open') return { leaves: attempt.leaves, maxLeaves: exam.maxLeaves, submitted: true }
  const counted = await QuizAttempt.findOneAndUpdate({ _id: attempt._id, status: 'open' }, { $inc: { leaves: 1 } }, { returnDocument: 'after' }).lean<AttemptDoc>()
  if (!counted) return { leaves: attempt.leaves, maxLeaves: exam.maxLeaves, submitted: true }
  if (counted.leaves > exam.maxLeaves) {
    await finishAttempt(counted, exam, 'leave-limit', deps.clock.now())
    return { leaves: counted.leaves, maxLeaves: exam.maxLeaves, submitted: true }
  }
  return { leaves: counted.leaves, maxLeaves: exam.maxLeaves, submitted: false }
}

async function finishAttempt(attempt: AttemptDoc, exam: ExamDoc, by: 'reader' | 'time-limit' | 'leave-limit', at: Date): Promise<AttemptDoc> {
  const questions = await questionsById(attempt.items.map((i) => i.questionId))
  const items = attempt.items.map((i) => {
    const selected = i.answeredAt && i.answeredAt <= at ? (i.selected ?? []) : []
    const { correct, earned } = scoreAnswer(questions.get(String(i.questionId))!, selected, i.points, exam.partialCredit)
    return { ...i, selected, correct, earned }
  })
  const score = Math.round(items.reduce((s, i) => s + i.earned, 0) * 100) / 100
  const maxScore = items.reduce((s, i) => s + i.points, 0)
  const passed = maxScore > 0 && score / maxScore >= exam.passMark
  const closed = await QuizAttempt.updateOne(
    { _id: attempt._id, status: 'open' },
    { $set: { items, status: 'submitted', submittedAt: at, submittedBy: by, score, maxScore, passed } },
  )
  if (closed.modifiedCount === 1) {
    const userId = String(attempt.userId)
    await recordAnswers(
      userId,
      items.map((i) => ({ q: questions.get(String(i.questionId))!, selected: i.selected, correct: i.correct })),
      'exam',
      at,
    )
    await recordQuizAttempt({ campaignId: attempt.campaignId, userId, passed, at })
    if (passed) await awardPoints(userId, attempt.campaignId, 'exam', `exam:${exam._id}`, at)
  }
  return (await QuizAttempt.findById(attempt._id).lean<AttemptDoc>())!
}

/** Submits on the server clock: after the deadline it is refused or scored at the limit, per the exam. */
export async function submitExam(deps: AppDeps, userId: string, attemptId: string) {
  const before = await loadAttempt(userId, attemptId)
  if (before.status !== 'open') throw conflict('已经交卷', 'ALREADY_SUBMITTED')
  const exam = await examOf(before)
  const settled = await settleIfOverdue(deps, before, exam)
  if (settled.status === 'expired') throw conflict('已超过答题时间，本次作答按规定不予计分', 'TIME_UP')
  if (settled.status === 'open') await finishAttempt(settled, exam, 'reader', deps.clock.now())
  return examReview(deps, userId, attemptId)
}

/**
 * The reader's place among finishers of this exam in their department: 1 + the number of other
 * readers there whose best finished attempt scored higher than this one. Null when the reader is
 * not bound to a department (no roster binding).
 */
async function departmentRank(userId: string, attempt: AttemptDoc): Promise<{ rank: number; of: number } | null> {
  const { departmentId } = await identityOf(userId)
  if (!departmentId) return null
  const members = (await PersonSummary.find({ campaignId: attempt.campaignId, departmentId }, { userId: 1 }).lean()).map((m) => String(m.userId))
  const others = members.filter((id) => id !== userId)
  const best = await QuizAttempt.aggregate<{ _id: Types.ObjectId; best: number }>([
    { $match: { examId: attempt.examId, kind: 'exam', status: { $in: ['submitted', 'expired'] }, userId: { $in: others.map((id) => new Types.ObjectId(id)) } } },
    { $group: { _id: '$userId', best: { $max: '$score' } } },
  ])
  const mine = attempt.score ?? 0
  return { rank: 1 + best.filter((b) => b.best > mine).length, of: best.length + 1 }
}

/** The exam's points entry was paid by this attempt when it was written at its hand-in (finishAttempt awards at that time). */
async function pointsPaidBy(userId: string, attempt: AttemptDoc): Promise<number> {
  if (!attempt.passed || !attempt.submittedAt) return 0
  const entry = await PointsEntry.findOne({ userId, kind: 'exam', refKey: `exam:${attempt.examId}` }, { points: 1, at: 1 }).lean()
  return entry && entry.at.getTime() === attempt.submittedAt.getTime() ? entry.points : 0
}

/** From start to hand-in (or to the deadline when the time ran out), in whole seconds. */
function timeUsedSeconds(attempt: AttemptDoc): number {
  const end = attempt.submittedAt ?? attempt.deadline ?? attempt.startedAt
  const capped = attempt.deadline && end > attempt.deadline ? attempt.deadline : end
  return Math.max(0, Math.round((capped.getTime() - attempt.startedAt.getTime()) / 1000))
}

/** After submission only: score, pass, correct count, time used, department rank, and every question with the answer and explanation. */
export async function examReview(_deps: AppDeps, userId: string, attemptId: string) {
  const attempt = await loadAttempt(userId, attemptId)
  if (attempt.status === 'open') throw conflict('交卷后才能查看解析', 'NOT_SUBMITTED')
  const exam = await examOf(attempt)
  const questions = await questionsById(attempt.items.map((i) => i.questionId))
  return {
    attemptId,
    examTitle: exam.title,
    status: attempt.status,
    submittedBy: attempt.submittedBy ?? null,
    score: attempt.score ?? 0,
    maxScore: attempt.maxScore ?? 0,
    passMark: exam.passMark,
    passed: !!attempt.passed,
    correctCount: attempt.items.filter((i) => i.correct).length,
    questionCount: attempt.items.length,
    startedAt: attempt.startedAt.toISOString(),
    submittedAt: attempt.submittedAt ? attempt.submittedAt.toISOString() : null,
    timeUsedSeconds: timeUsedSeconds(attempt),
    departmentRank: await departmentRank(userId, attempt),
    pointsAwarded: await pointsPaidBy(userId, attempt),
    items: attempt.items.map((i) => {
      const q = questions.get(String(i.questionId))!
      return {
        ...publicQuestion(q, i.optionOrder),
        ...revealedQuestion(q),
        points: i.points,
        selected: publicSelection(q, i.selected),
        correct: !!i.correct,
        earned: i.earned ?? 0,
      }
    }),
  }
}

/** Published exams, plus any exam where the reader still has an open attempt (so an unpublished one can be finished). */
export async function listExamsForReader(deps: AppDeps, userId: string) {
  const now = deps.clock.now()
  const campaign = await getCurrentCampaign(now)
  const attempts = await QuizAttempt.find({ userId, kind: 'exam' }, { examId: 1, status: 1, score: 1, maxScore: 1, passed: 1, submittedAt: 1 }).lean()
  const openExamIds = attempts.filter((a) => a.status === 'open').map((a) => a.examId)
  const exams = await Exam.find({ campaignId: campaign._id, $or: [{ published: true }, { _id: { $in: openExamIds } }] })
    .sort({ opensAt: -1 })
    .lean<ExamDoc[]>()
  return exams.map((e) => {
    const mine = attempts.filter((a) => String(a.examId) === String(e._id))
    const open = mine.find((a) => a.status === 'open')
    const last = mine.filter((a) => a.status !== 'open').sort((a, b) => (b.submittedAt?.getTime() ?? 0) - (a.submittedAt?.getTime() ?? 0))[0]
    return {
      id: String(e._id),
      title: e.title,
      description: e.description ?? '',
      questionCount: e.blueprint.reduce((s, r) => s + r.count, 0),
      timeLimitMinutes: Math.round(e.timeLimitSeconds / 60),
      passMark: e.passMark,
      opensAt: e.opensAt.toISOString(),
      closesAt: e.closesAt ? e.closesAt.toISOString() : null,
      open: examIsOpen(e, now),
      attemptsUsed: mine.length,
      maxAttempts: e.maxAttempts,
      openAttemptId: open ? String(open._id) : null,
      bestScore: mine.reduce<number | null>((best, a) => (a.score !== undefined && a.score !== null && (best === null || a.score > best) ? a.score : best), null),
      passed: mine.some((a) => a.passed),
      lastResultAttemptId: last ? String(last._id) : null,
    }
  })
}

/** 我的考试: every finished attempt of the reader, newest first, to reopen its result. */
export async function myExamResults(userId: string) {
  const attempts = await QuizAttempt.find({ userId, kind: 'exam', status: { $in: ['submitted', 'expired'] } })
    .sort({ submittedAt: -1 })
    .lean<AttemptDoc[]>()
  const titles = new Map((await Exam.find({ _id: { $in: attempts.map((a) => a.examId) } }, { title: 1 }).lean()).map((e) => [String(e._id), e.title]))
  return attempts.map((a) => ({
    attemptId: String(a._id),
    examId: String(a.examId),
    examTitle: titles.get(String(a.examId)) ?? '',
    attemptNo: a.attemptNo ?? 1,
    status: a.status as 'submitted' | 'expired',
    score: a.score ?? 0,
    maxScore: a.maxScore ?? 0,
    passed: !!a.passed,
    submittedAt: a.submittedAt ? a.submittedAt.toISOString() : null,
  }))
}
