import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose'

const blueprintRuleSchema = new Schema(
  {
    chapterId: { type: Schema.Types.ObjectId, default: null },
    type: { type: String, enum: ['single', 'multiple', 'truefalse', null], default: null },
    count: { type: Number, required: true, min: 1 },
    points: { type: Number, required: true, min: 0 },
  },
  { _id: false },
)

/** A timed exam (知识竞赛) defined by admins; the server draws each paper from the blueprint. */
const examSchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    blueprint: { type: [blueprintRuleSchema], required: true },
    timeLimitSeconds: { type: Number, required: true, min: 30 },
    maxAttempts: { type: Number, default: 3, min: 1 },
    opensAt: { type: Date, required: true },
    closesAt: { type: Date, default: null },
    /** Share of the maximum score needed to pass; defaults to the campaign's pass mark. */
    passMark: { type: Number, min: 0, max: 1, required: true },
    shuffleQuestions: { type: Boolean, default: true },
    shuffleOptions: { type: Boolean, default: true },
    partialCredit: { type: Boolean, default: false },
    /** How often the reader may leave the page (onHide); one more submits the attempt. */
    maxLeaves: { type: Number, default: 3, min: 0 },
    /** After the deadline: refuse the late submission (the attempt expires unscored) or score what was saved by the deadline. */
    lateSubmission: { type: String, enum: ['refuse', 'score-at-limit'], default: 'score-at-limit' },
    published: { type: Boolean, default: false },
  },
  { timestamps: true },
)

const paperItemSchema = new Schema(
  {
    questionId: { type: Schema.Types.ObjectId, required: true },
    optionOrder: { type: [String], required: true },
    points: { type: Number, required: true },
    selected: { type: [String], default: undefined },
    answeredAt: { type: Date },
    correct: { type: Boolean },
    earned: { type: Number },
  },
  { _id: false },
)

/** One exam, daily-quiz or challenge attempt. Answers stay on the server until it is submitted. */
const attemptSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, enum: ['exam', 'challenge'], required: true },
    examId: { type: Schema.Types.ObjectId },
    attemptNo: { type: Number, default: 1 },
    items: { type: [paperItemSchema], default: [] },
    status: { type: String, enum: ['open', 'submitted', 'expired'], default: 'open' },
    startedAt: { type: Date, required: true },
    deadline: { type: Date },
    submittedAt: { type: Date },
    submittedBy: { type: String, enum: ['reader', 'time-limit', 'leave-limit'] },
    leaves: { type: Number, default: 0 },
    score: { type: Number },
    maxScore: { type: Number },
    passed: { type: Boolean },
    /** Challenge: streak so far and the deadline of the current question. */
    streak: { type: Number, default: 0 },
  },
  { timestamps: true },
)
attemptSchema.index({ userId: 1, examId: 1 })
attemptSchema.index({ examId: 1, status: 1 })
attemptSchema.index({ userId: 1, kind: 1, status: 1 })

/**
 * One seat per (reader, exam, attempt number), unique: the attempt limit holds under
 * concurrent starts because inserting a seat is atomic. (A unique index on quiz_attempts
 * itself would also cover challenge runs, which share the collection and have no exam;
 * FerretDB v1 has no partial or sparse indexes to leave them out.)
 */
const examSeatSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    examId: { type: Schema.Types.ObjectId, required: true },
    attemptNo: { type: Number, required: true },
    attemptId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
)
examSeatSchema.index({ userId: 1, examId: 1, attemptNo: 1 }, { unique: true })

/** Every answer a reader gives, in any mode: "seen" questions, practice resume, statistics. */
const answerLogSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    questionId: { type: Schema.Types.ObjectId, required: true },
    chapterId: { type: Schema.Types.ObjectId },
    mode: { type: String, enum: ['practice', 'daily', 'exam', 'challenge', 'review'], required: true },
    selected: { type: [String], default: [] },
    correct: { type: Boolean, required: true },
    at: { type: Date, required: true },
    /** `<userId>:<answerId>` when the client named its answer: a resend of it is recognised. */
    answerKey: { type: String },
  },
  { versionKey: false },
)
answerLogSchema.index({ answerKey: 1 }, { unique: true, sparse: true })
answerLogSchema.index({ userId: 1, mode: 1, chapterId: 1 })
answerLogSchema.index({ userId: 1, questionId: 1 })

/** Today's daily quiz of a reader: drawn once per Shanghai day, so it stays the same all day. */
const dailySetSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    day: { type: String, required: true },
    questionIds: { type: [Schema.Types.ObjectId], required: true },
  },
  { versionKey: false },
)
dailySetSchema.index({ userId: 1, campaignId: 1, day: 1 }, { unique: true })

/** 错题本 entry with its spaced review schedule (rules in schedule.ts). */
const wrongAnswerSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    questionId: { type: Schema.Types.ObjectId, required: true },
    wrongCount: { type: Number, default: 0 },
    /** Right answers in a row at due reviews. */
    correctStreak: { type: Number, default: 0 },
    /** Due reviews passed since the last mistake (0–5); indexes REVIEW_INTERVAL_DAYS. */
    stage: { type: Number, default: 0 },
    /** Next due review (00:00 Shanghai); null once the schedule is complete. */
    nextReviewAt: { type: Date, default: null },
    lastWrongAt: { type: Date },
    mastered: { type: Boolean, default: false },
    /** The latest named answers applied to this entry (at most 20): a resend of one changes nothing. */
    recentAnswerKeys: { type: [String], default: undefined },
  },
  { timestamps: true, versionKey: false },
)
wrongAnswerSchema.index({ userId: 1, questionId: 1 }, { unique: true })

/** Study points (学习积分); one entry per (user, kind, ref) makes awarding idempotent. */
const pointsSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    campaignId: { type: Schema.Types.ObjectId },
    kind: { type: String, required: true },
    refKey: { type: String, required: true },
    points: { type: Number, required: true },
    day: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
)
pointsSchema.index({ userId: 1, kind: 1, refKey: 1 }, { unique: true })
pointsSchema.index({ userId: 1, day: 1 })

/** Points paid per (user, kind, Shanghai day): the daily cap is enforced on this one document with a conditional $inc. */
const pointsDaySchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    kind: { type: String, required: true },
    day: { type: String, required: true },
    total: { type: Number, required: true },
  },
  { versionKey: false },
)

const challengeBestSchema = new Schema(
  { userId: { type: Schema.Types.ObjectId, required: true }, campaignId: { type: Schema.Types.ObjectId, required: true }, best: { type: Number, default: 0 } },
  { versionKey: false },
)
challengeBestSchema.index({ userId: 1, campaignId: 1 }, { unique: true })

export type ExamDoc = InferSchemaType<typeof examSchema> & { _id: Types.ObjectId }
export type AttemptDoc = InferSchemaType<typeof attemptSchema> & { _id: Types.ObjectId }
export const Exam = mongoose.model('Exam', examSchema)
export const QuizAttempt = mongoose.model('QuizAttempt', attemptSchema, 'quiz_attempts')
export const AnswerLog = mongoose.model('AnswerLog', answerLogSchema, 'answer_log')
export const DailySet = mongoose.model('DailySet', dailySetSchema, 'daily_sets')
export const WrongAnswer = mongoose.model('WrongAnswer', wrongAnswerSchema, 'wrong_answers')
export const PointsEntry = mongoose.model('PointsEntry', pointsSchema, 'points')
export const PointsDay = mongoose.model('PointsDay', pointsDaySchema, 'points_days')
export const ExamSeat = mongoose.model('ExamSeat', examSeatSchema, 'exam_seats')
export const ChallengeBest = mongoose.model('ChallengeBest', challengeBestSchema, 'challenge_best')
