import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose'

/** Metric rules of DESIGN.md section 4; each campaign may override them. */
const settingsSchema = new Schema(
  {
    passMark: { type: Number, default: 0.6, min: 0, max: 1 },
    completionDepth: { type: Number, default: 0.9, min: 0, max: 1 },
    minEngagedSeconds: { type: Number, default: 30, min: 0 },
    /** Share of the estimated reading time that counts as engaged enough. */
    engagedShareOfReadingTime: { type: Number, default: 0.3, min: 0, max: 1 },
    charsPerMinute: { type: Number, default: 400, min: 1 },
    dailyQuizSize: { type: Number, default: 5, min: 1, max: 50 },
  },
  { _id: false },
)

const categorySchema = new Schema({ code: { type: String, required: true }, name: { type: String, required: true } }, { _id: false })

const campaignSchema = new Schema(
  {
    slug: { type: String, required: true, maxlength: 64 },
    title: { type: String, required: true, maxlength: 100 },
    subtitle: { type: String, default: '', maxlength: 200 },
    description: { type: String, default: '', maxlength: 4000 },
    status: { type: String, enum: ['draft', 'active', 'closed'], default: 'active' },
    startAt: { type: Date, required: true },
    endAt: { type: Date, default: null },
    settings: { type: settingsSchema, default: () => ({}) },
    /** Categories of key targets offered in the tip form (plus 其他). */
    tipCategories: { type: [categorySchema], default: [] },
    /** Demo data of a development install (server/seed/demo): removed as a whole by DELETE /api/demo. */
    demo: { type: Boolean, default: false },
  },
  { timestamps: true },
)
campaignSchema.index({ slug: 1 }, { unique: true })

export type CampaignDoc = InferSchemaType<typeof campaignSchema> & { _id: Types.ObjectId }
export const Campaign = mongoose.model('Campaign', campaignSchema)
