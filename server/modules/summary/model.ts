import mongoose, { Schema } from 'mongoose'

/**
 * One document per reader and campaign, kept up to date on every meaningful event, so
 * dashboards read these (≈ roster size) instead of raw progress events. Department and
 * class are copied from the roster binding (FerretDB has no $lookup).
 */
const summarySchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    personId: { type: Schema.Types.ObjectId, ref: 'Person', default: null },
    departmentId: { type: Schema.Types.ObjectId, ref: 'Department', default: null },
    className: { type: String, default: null },
    /** Item keys like "article:<id>" or "chapter:<id>". */
    itemsOpened: { type: [String], default: [] },
    itemsCompleted: { type: [String], default: [] },
    quizAttempts: { type: Number, default: 0 },
    /** Dates have no default: $min/$max must see them absent, not null (null sorts first). */
    quizPassed: { type: Boolean, default: false },
    /** First contact of any kind (an item opened or a quiz attempt). */
    firstReachedAt: { type: Date },
    /** First item opened: "reached" as of a date. */
    firstOpenedAt: { type: Date },
    firstCompletedAt: { type: Date },
    quizPassedAt: { type: Date },
    lastActiveAt: { type: Date },
  },
  { timestamps: true },
)
summarySchema.index({ campaignId: 1, userId: 1 }, { unique: true })
summarySchema.index({ campaignId: 1, departmentId: 1 })
summarySchema.index({ campaignId: 1, personId: 1 })
summarySchema.index({ userId: 1 })

/** Per reader, campaign and Shanghai day: what counts as participation in a period. */
const activityDaySchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    personId: { type: Schema.Types.ObjectId, default: null },
    departmentId: { type: Schema.Types.ObjectId, default: null },
    day: { type: String, required: true },
    completions: { type: Number, default: 0 },
    quizAttempts: { type: Number, default: 0 },
    opens: { type: Number, default: 0 },
  },
  { versionKey: false },
)
activityDaySchema.index({ campaignId: 1, userId: 1, day: 1 }, { unique: true })
activityDaySchema.index({ campaignId: 1, day: 1 })

/**
 * Completion time per item, per reader and campaign ($min on "t.<item key>"): "read-through as
 * of the end of a past month". Kept out of person_summaries, which every dashboard recompute
 * reads whole (FerretDB decodes every document, and these maps tripled that cost); this is
 * read only for months that have ended.
 */
const completionTimesSchema = new Schema(
  {
    _id: { type: String },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    t: { type: Map, of: Date },
  },
  { versionKey: false },
)
completionTimesSchema.index({ campaignId: 1 })

export const PersonSummary = mongoose.model('PersonSummary', summarySchema, 'person_summaries')
export const ActivityDay = mongoose.model('ActivityDay', activityDaySchema, 'activity_days')
export const CompletionTimes = mongoose.model('CompletionTimes', completionTimesSchema, 'completion_times')
