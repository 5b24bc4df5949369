import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose'
import { ARTICLE_STATUSES } from '../../../contract/articles'

export { ARTICLE_STATUSES }

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
    /**
     * Set when the article is published: its subscription messages still have to be queued
     * (the push job turns it into delivery records and clears it). Part of the publishing
     * update itself, so a crash cannot publish an article without its pushes.
     */
    pushRequestedAt: { type: Date, default: null },
  },
  { timestamps: true },
)
articleSchema.index({ campaignId: 1, status: 1, publishedAt: -1 })
articleSchema.index({ status: 1, publishAt: 1 })
articleSchema.index({ pushRequestedAt: 1 })

export type ArticleDoc = InferSchemaType<typeof articleSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date }
export const Article = mongoose.model('Article', articleSchema)

export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'refused', 'failed', 'cancelled'] as const

/**
 * The push outbox: one subscription message per reader per article. The unique index keeps
 * it to one record (so at most one message) per reader and article; the push job
 * (articles/push.ts) sends queued rows in batches, retries failed ones with backoff and
 * takes over rows left 'sending' by a crashed sender once their lease expires.
 */
const deliverySchema = new Schema(
  {
    articleId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: DELIVERY_STATUSES, required: true },
    attempts: { type: Number, default: 0 },
    /** queued / failed: when to (re)try; null once there is nothing more to try. */
    nextAttemptAt: { type: Date, default: null },
    /** sending: the sender's lease; after it, another sender may take the row over. */
    leaseUntil: { type: Date, default: null },
    owner: { type: String },
    lastError: { type: String },
    sentAt: { type: Date },
    /** What was sent: the page the message opens. */
    page: { type: String },
  },
  { timestamps: true, versionKey: false },
)
deliverySchema.index({ articleId: 1, userId: 1 }, { unique: true })
deliverySchema.index({ status: 1, nextAttemptAt: 1 })
deliverySchema.index({ status: 1, leaseUntil: 1 })
export type DeliveryDoc = InferSchemaType<typeof deliverySchema> & { _id: Types.ObjectId }
export const ArticleDelivery = mongoose.model('ArticleDelivery', deliverySchema, 'article_deliveries')
