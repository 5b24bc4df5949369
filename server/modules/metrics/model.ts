import mongoose, { Schema } from 'mongoose'

/**
 * Computed dashboard figures per campaign and month. Scanning 20,000 summaries takes
 * seconds on the embedded database, so the dashboard reads this document and a job
 * refreshes it when something changed (see docs/metrics.md).
 */
const snapshotSchema = new Schema(
  { _id: String, campaignId: Schema.Types.ObjectId, month: String, computedAt: Date, data: Schema.Types.Mixed },
  { versionKey: false, minimize: false },
)
export const MetricsSnapshot = mongoose.model('MetricsSnapshot', snapshotSchema, 'metrics_snapshots')

/** Each department's 发而未看 list, stored with the current month's snapshot (`campaignId:departmentId`). */
const unreadSnapshotSchema = new Schema({ _id: String, computedAt: { type: Date, required: true }, people: { type: [Schema.Types.Mixed], default: [] } }, { versionKey: false })
export const UnreadSnapshot = mongoose.model('UnreadSnapshot', unreadSnapshotSchema, 'unread_snapshots')

/** When a campaign's figures last changed (set on reads completed, quizzes, bindings, roster imports). */
const dirtySchema = new Schema({ _id: String, at: Date }, { versionKey: false })
export const MetricsDirty = mongoose.model('MetricsDirty', dirtySchema, 'metrics_dirty')

/** The monthly report (月报表): immutable; regenerating adds a version. */
const reportSchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    month: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    trigger: { type: String, enum: ['schedule', 'manual'], required: true },
    data: { type: Schema.Types.Mixed, required: true },
  },
  // Keep empty objects (e.g. no tips this month): they are part of the figures.
  { versionKey: false, minimize: false },
)
reportSchema.index({ campaignId: 1, month: 1, version: 1 }, { unique: true })
export const MonthlyReport = mongoose.model('MonthlyReport', reportSchema, 'monthly_reports')
