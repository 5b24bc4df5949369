import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose'

export const ARTICLE_STATUSES = ['draft', 'scheduled', 'published', 'archived'] as const

const articleSchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, ref: 'Campaign', required: true },
    title: { type: String, required: true, maxlength: 100 },
    summary: { type: String, default: '', maxlength: 300 },
    coverImageId: { type: Schema.Types.ObjectId, default: null },
    bodyMarkdown: { type: String, default: '' },
    /** Rendered from the Markdown and sanitized when saved; readers only ever get this. */
    bodyHtml: { type: String, default: '' },
    readingSeconds: { type: Number, default: 0 },
    tags: { type: [String], default: [] },
    required: { type: Boolean, default: false },
    /** Empty = the whole roster; otherwise only these departments. */
    audienceDepartmentIds: { type: [Schema.Types.ObjectId], default: [] },
    status: { type: String, enum: ARTICLE_STATUSES, default: 'draft' },
    publishAt: { type: Date },
    publishedAt: { type: Date },
    authorId: { type: Schema.Types.ObjectId, required: true },
  },
  { timestamps: true },
)
articleSchema.index({ campaignId: 1, status: 1, publishedAt: -1 })
articleSchema.index({ status: 1, publishAt: 1 })

export type ArticleDoc = InferSchemaType<typeof articleSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date }
export const Article = mongoose.model('Article', articleSchema)

/** One subscription message per reader per article: the unique index makes the send exactly-once. */
const deliverySchema = new Schema(
  {
    articleId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: ['sending', 'sent', 'refused', 'failed'], required: true },
    attempts: { type: Number, default: 0 },
    lastError: { type: String },
    sentAt: { type: Date },
  },
  { timestamps: true, versionKey: false },
)
deliverySchema.index({ articleId: 1, userId: 1 }, { unique: true })
export const ArticleDelivery = mongoose.model('ArticleDelivery', deliverySchema, 'article_deliveries')
