import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose'

/**
 * How far one reader got through one item (article or handbook chapter). Depth only
 * grows ($max), engaged time only through accepted heartbeats ($inc), completion flips once.
 */
const itemProgressSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    /** "article:<id>" or "chapter:<id>". */
    itemKey: { type: String, required: true },
    /** Copied from the roster binding for per-department item figures (no $lookup in FerretDB). */
    departmentId: { type: Schema.Types.ObjectId, default: null },
    maxDepth: { type: Number, default: 0 },
    engagedSeconds: { type: Number, default: 0 },
    completed: { type: Boolean, default: false },
    completedAt: { type: Date },
    firstOpenedAt: { type: Date },
    lastSeenAt: { type: Date },
    /**
     * Per reading session, the last heartbeat seq applied to this record, written in the same
     * update as the progress it adds: a resend of stored heartbeats is recognised here even when
     * the session's own seq had not moved yet (a crash between the two writes).
     */
    applied: { type: Schema.Types.Mixed, default: undefined },
  },
  { versionKey: false },
)
itemProgressSchema.index({ userId: 1, itemKey: 1 }, { unique: true })
itemProgressSchema.index({ campaignId: 1, itemKey: 1 })

/**
 * One reading session (one page visit) of the client tracker. Heartbeats carry
 * (sessionId, seq); the session remembers the last applied seq, so a replay adds nothing,
 * and the times engagement may be credited in (see docs/architecture.md, "Progress").
 */
const readingSessionSchema = new Schema(
  {
    _id: { type: String },
    userId: { type: Schema.Types.ObjectId, required: true },
    itemKey: { type: String, required: true },
    /** Server time of the session's first heartbeat. */
    startedAt: { type: Date, required: true },
    /** Earliest moment engagement of this session may be credited at (first heartbeat's time minus the allowance). */
    creditFrom: { type: Date },
    /** Effective time of the last applied heartbeat (its client time when trusted, else the server time it arrived). */
    lastAt: { type: Date, required: true },
    /** Client timestamp (ms) of the last applied heartbeat that carried one; client times must strictly increase. */
    lastClientAt: { type: Number },
    lastSeq: { type: Number, required: true },
    // No per-session engaged total: credit is kept on item_progress and bounded by the
    // reader's engagement clock; nothing read a session's own sum.
  },
  { versionKey: false },
)
readingSessionSchema.index({ userId: 1, lastAt: -1 })

export type ItemProgressDoc = InferSchemaType<typeof itemProgressSchema> & { _id: Types.ObjectId }
export const ItemProgress = mongoose.model('ItemProgress', itemProgressSchema, 'item_progress')
export const ReadingSession = mongoose.model('ReadingSession', readingSessionSchema, 'reading_sessions')

/**
 * A reader's engagement timeline, one per user across all items: a person cannot be
 * engaged in two places at once. Credited engagement occupies disjoint stretches of time
 * that never start before `creditedUntil`, which only moves forward. It starts at the
 * reader's first contact minus the first-contact allowance, so no reader can ever be
 * credited more than the wall time since then (plus the allowance).
 */
const engagementClockSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId },
    creditedUntil: { type: Date, required: true },
    firstContactAt: { type: Date, required: true },
    /**
     * The last credit given, for a resend of that very batch after a failure before its
     * progress was stored: it gets the same credit instead of none (the timeline has moved).
     */
    lastGrant: {
      type: new Schema({ session: String, seq: Number, tenths: Number, from: Date, until: Date, day: String }, { _id: false }),
      default: undefined,
    },
    /**
     * Engaged time credited per Asia/Shanghai day (YYYY-MM-DD → tenths of a second), raised by
     * the same compare-and-set that grants it, so each grant counts once (有效学习时长).
     */
    engagedTenthsByDay: { type: Schema.Types.Mixed, default: undefined },
  },
  { versionKey: false },
)
export const EngagementClock = mongoose.model('EngagementClock', engagementClockSchema, 'engagement_clocks')

/** Per-item counters for drop-off charts: maintained on every applied heartbeat. */
const itemStatsSchema = new Schema(
  {
    _id: { type: String },
    campaignId: { type: Schema.Types.ObjectId, required: true },
    opens: { type: Number, default: 0 },
    completions: { type: Number, default: 0 },
    depthSum: { type: Number, default: 0 },
    engagedSum: { type: Number, default: 0 },
    ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`d${i}`, { type: Number, default: 0 }])),
  },
  { versionKey: false },
)
itemStatsSchema.index({ campaignId: 1 })
export const ItemStats = mongoose.model('ItemStats', itemStatsSchema, 'item_stats')
