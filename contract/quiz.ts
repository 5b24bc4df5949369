import { z } from 'zod'
import { dateTime, objectId } from './common'

/** Option ids as readers see them (public ids, see publicOptionId). */
export const optionIdInput = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, '选项编号格式不正确')
export const selection = z.array(optionIdInput).max(8)
export const answerInput = z.object({ questionId: objectId, selected: selection.min(1, '请选择答案') }).strict()

export const questionType = z.enum(['single', 'multiple', 'truefalse'])
export const lateSubmission = z.enum(['refuse', 'score-at-limit'])

const blueprintRule = z
  .object({
    chapterId: objectId.nullable().default(null),
    type: questionType.nullable().default(null),
    count: z.number().int().min(1, '题数为 1–100').max(100, '题数为 1–100'),
    points: z.number().min(0, '每题分值为 0–100').max(100, '每题分值为 0–100'),
  })
  .strict()

/** Field rules without defaults, shared by create (which adds defaults) and patch (which must not: zod 4 applies defaults inside .partial()). */
const examFields = {
  title: z.string().trim().min(1, '请填写竞赛名称').max(60, '竞赛名称最多 60 字'),
  description: z.string().max(500, '说明最多 500 字'),
  blueprint: z.array(blueprintRule).min(1, '至少需要一条组卷规则').max(20, '组卷规则最多 20 条'),
  timeLimitSeconds: z
    .number()
    .int()
    .min(30, '答题时间至少 30 秒')
    .max(4 * 3600, '答题时间最多 4 小时'),
  maxAttempts: z.number().int().min(1, '可参加次数为 1–20').max(20, '可参加次数为 1–20'),
  opensAt: z.coerce.date(),
  closesAt: z.coerce.date().nullable(),
  passMark: z.number().min(0, '及格线为 0–100%').max(1, '及格线为 0–100%'),
  shuffleQuestions: z.boolean(),
  shuffleOptions: z.boolean(),
  partialCredit: z.boolean(),
  maxLeaves: z.number().int().min(0, '允许离开页面 0–20 次').max(20, '允许离开页面 0–20 次'),
  lateSubmission,
  published: z.boolean(),
}

const closesAfterOpens = (e: { opensAt?: Date; closesAt?: Date | null }) => !e.closesAt || !e.opensAt || e.closesAt > e.opensAt
const windowMessage = { message: '结束时间须晚于开始时间', path: ['closesAt'] }

export const examInput = z
  .object({
    ...examFields,
    campaignId: objectId.optional(),
    description: examFields.description.default(''),
    maxAttempts: examFields.maxAttempts.default(3),
    closesAt: examFields.closesAt.default(null),
    passMark: examFields.passMark.optional(),
    shuffleQuestions: examFields.shuffleQuestions.default(true),
    shuffleOptions: examFields.shuffleOptions.default(true),
    partialCredit: examFields.partialCredit.default(false),
    maxLeaves: examFields.maxLeaves.default(3),
    lateSubmission: examFields.lateSubmission.default('score-at-limit'),
    published: examFields.published.default(false),
  })
  .strict()
  .refine(closesAfterOpens, windowMessage)

/** PATCH: any field; the window is checked again against the stored exam in the service. */
export const examPatch = z.object(examFields).partial().strict().refine(closesAfterOpens, windowMessage)

// ---------- answers ----------

/** A question as readers see it: public option ids, no answer. */
export const questionOut = z.strictObject({
  id: z.string(),
  type: questionType,
  stem: z.string(),
  options: z.array(z.strictObject({ id: z.string(), text: z.string() })),
})
export type QuestionOut = z.infer<typeof questionOut>

/** The answer and its explanation, shown once the reader has answered. */
export const revealedOut = z.strictObject({ answer: z.array(z.string()), explanation: z.string(), basis: z.string() })
export const judgedOut = revealedOut.extend({ correct: z.boolean() })
export type JudgedOut = z.infer<typeof judgedOut>

/** A practice or daily question, with the reader's earlier answer when there is one. */
export const answerableOut = questionOut.extend({ answered: judgedOut.extend({ selected: z.array(z.string()) }).optional() })
export type AnswerableOut = z.infer<typeof answerableOut>

export const practiceChapterOut = z.strictObject({ chapter: z.strictObject({ id: z.string(), title: z.string() }), items: z.array(answerableOut), resumeAt: z.number().int() })
export const dailyQuizOut = z.strictObject({ day: z.string(), items: z.array(answerableOut), done: z.boolean() })
export const dailyAnswerOut = judgedOut.extend({ done: z.boolean(), pointsAwarded: z.number() })

// ---------- exams ----------

export const readerExamOut = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  questionCount: z.number().int(),
  timeLimitMinutes: z.number(),
  passMark: z.number(),
  opensAt: dateTime,
  closesAt: dateTime.nullable(),
  open: z.boolean(),
  attemptsUsed: z.number().int(),
  maxAttempts: z.number().int(),
  openAttemptId: z.string().nullable(),
  bestScore: z.number().nullable(),
  passed: z.boolean(),
  /** The reader's latest handed-in (or expired) attempt, to reopen its result. */
  lastResultAttemptId: z.string().nullable(),
})
export const readerExamListOut = z.strictObject({ exams: z.array(readerExamOut) })
export type ReaderExamOut = z.infer<typeof readerExamOut>

const attemptStatusDone = z.enum(['submitted', 'expired'])

export const examResultOut = z.strictObject({
  attemptId: z.string(),
  examTitle: z.string(),
  status: attemptStatusDone,
  submittedBy: z.enum(['reader', 'time-limit', 'leave-limit']).nullable(),
  score: z.number(),
  maxScore: z.number(),
  passMark: z.number(),
  passed: z.boolean(),
  correctCount: z.number().int(),
  questionCount: z.number().int(),
  startedAt: dateTime,
  submittedAt: dateTime.nullable(),
  /** From start to hand-in, never more than the time allowed. */
  timeUsedSeconds: z.number().int(),
  /** Among readers of the reader's department who finished this exam, by best score; null when not bound to a department. */
  departmentRank: z.strictObject({ rank: z.number().int(), of: z.number().int() }).nullable(),
  /** Study points this attempt earned (a passed exam pays once, at its first pass). */
  pointsAwarded: z.number(),
  items: z.array(questionOut.extend(revealedOut.shape).extend({ points: z.number(), selected: z.array(z.string()), correct: z.boolean(), earned: z.number() })),
})
export type ExamResultOut = z.infer<typeof examResultOut>

export const openPaperOut = z.strictObject({
  attemptId: z.string(),
  status: z.literal('open'),
  examTitle: z.string(),
  deadline: dateTime,
  serverNow: dateTime,
  lateSubmission,
  leaves: z.number().int(),
  maxLeaves: z.number().int(),
  items: z.array(questionOut.extend({ points: z.number(), selected: z.array(z.string()).nullable() })),
})
export type OpenPaperOut = z.infer<typeof openPaperOut>

/** An attempt: the paper while open, the result once submitted or expired. */
export const attemptOut = z.discriminatedUnion('status', [openPaperOut, z.strictObject({ attemptId: z.string(), status: attemptStatusDone, result: examResultOut })])
export type AttemptOut = z.infer<typeof attemptOut>

/** The reader's finished attempts (我的考试), newest first. */
export const myExamResultsOut = z.strictObject({
  results: z.array(
    z.strictObject({
      attemptId: z.string(),
      examId: z.string(),
      examTitle: z.string(),
      attemptNo: z.number().int(),
      status: attemptStatusDone,
      score: z.number(),
      maxScore: z.number(),
      passed: z.boolean(),
      submittedAt: dateTime.nullable(),
    }),
  ),
})
export type MyExamResultsOut = z.infer<typeof myExamResultsOut>

export const savedAnswerOut = z.strictObject({ saved: z.boolean() })
export const leaveOut = z.strictObject({ leaves: z.number().int(), maxLeaves: z.number().int(), submitted: z.boolean() })

// ---------- challenge ----------

/** The challenge's rules as the server applies them, and the reader's best streak so far. */
export const challengeRulesOut = z.strictObject({
  secondsPerQuestion: z.number().int(),
  lives: z.number().int(),
  pointsPerRightAnswer: z.number(),
  pointsDailyCap: z.number(),
  best: z.number().int(),
})
export type ChallengeRulesOut = z.infer<typeof challengeRulesOut>

export const challengeTurnOut = z.strictObject({ attemptId: z.string(), streak: z.number().int(), question: questionOut, deadline: dateTime })
export type ChallengeTurnOut = z.infer<typeof challengeTurnOut>

/** Right in time: the next question; otherwise the challenge ends with the best streak and points. */
export const challengeAnswerOut = z.union([
  judgedOut.extend({ correct: z.literal(true), timedOut: z.literal(false), streak: z.number().int(), ended: z.boolean(), question: questionOut, deadline: dateTime }),
  judgedOut.extend({ timedOut: z.boolean(), streak: z.number().int(), ended: z.boolean(), best: z.number().int(), pointsAwarded: z.number() }),
])
export type ChallengeAnswerOut = z.infer<typeof challengeAnswerOut>

// ---------- wrong book, points, boards ----------

export const wrongBookEntryOut = questionOut.extend({
  questionId: z.string(),
  wrongCount: z.number().int(),
  correctStreak: z.number().int(),
  stage: z.number().int(),
  nextReviewAt: dateTime.nullable(),
  due: z.boolean(),
  mastered: z.boolean(),
  /** Only once the question is mastered; until then the reader answers first. */
  ...revealedOut.partial().shape,
})
export type WrongBookEntryOut = z.infer<typeof wrongBookEntryOut>
export const wrongBookOut = z.strictObject({ items: z.array(wrongBookEntryOut), due: z.number().int(), mastered: z.number().int() })
export const wrongBookPracticeOut = z.strictObject({ items: z.array(questionOut.extend({ due: z.boolean() })) })
export type WrongBookPracticeItemOut = z.infer<typeof wrongBookPracticeOut>['items'][number]

export const pointKind = z.enum(['article', 'chapter', 'minutes', 'daily', 'exam', 'challenge'])
export type PointKind = z.infer<typeof pointKind>

export const pointsOut = z.strictObject({
  today: z.array(z.strictObject({ kind: pointKind, name: z.string(), earned: z.number(), cap: z.number() })),
  /** Today's tasks (学习强国-style): progress done/target in the task's unit, points earned/cap, and how points are paid. */
  tasks: z.array(
    z.strictObject({
      kind: pointKind,
      name: z.string(),
      rule: z.string(),
      done: z.number(),
      target: z.number(),
      unit: z.string(),
      earned: z.number(),
      cap: z.number(),
      complete: z.boolean(),
    }),
  ),
  todayTotal: z.number(),
  total: z.number(),
})
export type PointsOut = z.infer<typeof pointsOut>

const departmentBoardRow = z.strictObject({
  departmentId: z.string(),
  name: z.string(),
  roster: z.number().int(),
  takers: z.number().int(),
  passed: z.number().int(),
  passRate: z.number(),
  participationShare: z.number(),
})
const readerBoardRow = z.strictObject({ rank: z.number().int(), name: z.string(), points: z.number(), me: z.boolean() })
export const leaderboardsOut = z.strictObject({
  readers: z.strictObject({
    departmentId: z.string().nullable(),
    departmentName: z.string().nullable(),
    /** Other readers' names are masked (张*明); the reader's own row is marked `me`. */
    rows: z.array(readerBoardRow),
    /** The reader's own row, also when it is beyond the rows listed. */
    me: readerBoardRow.nullable(),
  }),
  /** Departments with people on the active roster only (an empty department has no rate). */
  departments: z.strictObject({
    myDepartmentId: z.string().nullable(),
    byPointsPerCapita: z.array(departmentBoardRow.extend({ points: z.number(), pointsPerCapita: z.number() })),
    byPassRate: z.array(departmentBoardRow),
    byParticipation: z.array(departmentBoardRow),
  }),
})
export type LeaderboardsOut = z.infer<typeof leaderboardsOut>

// ---------- admin ----------

export const adminExamOut = z.strictObject({
  id: z.string(),
  campaignId: z.string(),
  title: z.string(),
  description: z.string(),
  blueprint: z.array(z.strictObject({ chapterId: z.string().nullable(), type: questionType.nullable(), count: z.number().int(), points: z.number() })),
  timeLimitSeconds: z.number().int(),
  maxAttempts: z.number().int(),
  opensAt: dateTime,
  closesAt: dateTime.nullable(),
  passMark: z.number(),
  shuffleQuestions: z.boolean(),
  shuffleOptions: z.boolean(),
  partialCredit: z.boolean(),
  maxLeaves: z.number().int(),
  lateSubmission,
  published: z.boolean(),
  createdAt: dateTime,
  updatedAt: dateTime,
})
export type AdminExamOut = z.infer<typeof adminExamOut>
export const adminExamListOut = z.strictObject({ exams: z.array(adminExamOut) })
export const adminExamEnvelope = z.strictObject({ exam: adminExamOut })

export const examStatisticsOut = z.strictObject({
  examId: z.string(),
  title: z.string(),
  attempts: z.number().int(),
  refusedFirstAttempts: z.number().int(),
  mean: z.number(),
  sd: z.number(),
  cronbachAlpha: z.number().nullable(),
  alphaNote: z.string().nullable(),
  items: z.array(
    z.strictObject({
      questionId: z.string(),
      stem: z.string(),
      responses: z.number().int(),
      facility: z.number(),
      discrimination: z.number(),
      /** Picks per stored option id. */
      optionCounts: z.record(z.string(), z.number()),
      options: z.array(z.strictObject({ id: z.string(), text: z.string(), count: z.number().int(), share: z.number(), correct: z.boolean() })),
      flags: z.array(z.string()),
    }),
  ),
})
export type ExamStatisticsOut = z.infer<typeof examStatisticsOut>
export type RevealedOut = z.infer<typeof revealedOut>
export type PracticeChapterOut = z.infer<typeof practiceChapterOut>
export type DailyQuizOut = z.infer<typeof dailyQuizOut>
export type DailyAnswerOut = z.infer<typeof dailyAnswerOut>
export type ReaderExamListOut = z.infer<typeof readerExamListOut>
export type LeaveOut = z.infer<typeof leaveOut>
export type WrongBookOut = z.infer<typeof wrongBookOut>
export type WrongBookPracticeOut = z.infer<typeof wrongBookPracticeOut>
export type AdminExamListOut = z.infer<typeof adminExamListOut>
export type QuestionType = z.infer<typeof questionType>
export type LeaderboardReaderRow = LeaderboardsOut['readers']['rows'][number]
export type PointTaskOut = PointsOut['tasks'][number]
