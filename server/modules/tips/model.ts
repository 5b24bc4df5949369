import { randomBytes } from 'node:crypto'
import mongoose, { Schema, Types } from 'mongoose'
import { TIP_STATUS_NAMES } from '../../../contract/labels'
import { TIP_STATUSES, type TipStatus } from '../../../contract/tips'

export { TIP_STATUS_NAMES, TIP_STATUSES, type TipStatus }

/**
 * A random ObjectId. Default ObjectIds carry their creation second and a process-wide
 * counter, which would date a tip to the second and order it among other records (users'
 * last sign-in, reading sessions). Tips and everything stored with them use these instead.
 */
export const randomObjectId = () => new Types.ObjectId(randomBytes(12))
const randomId = { type: Schema.Types.ObjectId, default: randomObjectId }

const sealed = { type: { k: String, n: String, c: String, t: String }, default: undefined, _id: false }

/**
 * A tip. Free-text fields are sealed (AES-256-GCM). An anonymous tip stores nothing about
 * its reporter: no user id, openid, IP or device, and its times are kept to the hour so
 * they cannot be matched against other activity.
 */
const tipSchema = new Schema(
  {
    _id: randomId,
    campaignId: { type: Schema.Types.ObjectId, required: true },
    codeHash: { type: String, required: true },
    secretHash: { type: String, required: true },
    category: { type: String, required: true },
    status: { type: String, enum: TIP_STATUSES, default: 'received' },
    anonymous: { type: Boolean, required: true },
    /** Only for named tips, where the reporter chose to be known. */
    reporterUserId: { type: Schema.Types.ObjectId },
    description: sealed,
    location: sealed,
    occurredAt: sealed,
    people: sealed,
    contact: sealed,
    outcome: sealed,
    /** `key`: the image's data key, sealed for this tip (crypto.ts, encryptBlob). */
    attachments: { type: [{ _id: false, id: String, contentType: String, size: Number, chunks: Number, key: sealed }], default: [] },
    /** `note`: the public note shown to the reporter, sealed. */
    timeline: { type: [{ _id: false, status: String, at: Date, note: sealed }], default: [] },
    followUps: { type: [{ _id: false, at: Date, text: sealed }], default: [] },
    /** `authorName`: the officer's name when writing the note (a later rename does not change it). */
    notes: { type: [{ _id: false, at: Date, authorId: Schema.Types.ObjectId, authorName: String, text: sealed }], default: [] },
    assigneeId: { type: Schema.Types.ObjectId },
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false },
)
tipSchema.index({ codeHash: 1 }, { unique: true })
tipSchema.index({ campaignId: 1, status: 1, receivedAt: -1 })

/** Encrypted image bytes in ≤ 1 MB chunks (documents are size-limited). */
const chunkSchema = new Schema(
  {
    _id: randomId,
    attachmentId: { type: String, required: true },
    n: { type: Number, required: true },
    data: { type: Buffer, required: true },
  },
  { versionKey: false },
)
chunkSchema.index({ attachmentId: 1, n: 1 }, { unique: true })

/**
 * An image uploaded for a tip that is still being written. Grouped by a random draft id
 * from the form, never by user; claimed by the tip on submit, purged when abandoned.
 */
const pendingSchema = new Schema(
  {
    _id: { type: String },
    draftId: { type: String, required: true },
    contentType: String,
    size: Number,
    chunks: Number,
    /** The image's data key, sealed under `upload:<id>` until a tip claims it. */
    key: sealed,
    expiresAt: { type: Date, required: true },
  },
  { versionKey: false },
)
pendingSchema.index({ draftId: 1 })
pendingSchema.index({ expiresAt: 1 })

/**
 * Read-and-change log of the security office, and of reporters' follow-ups (actor
 * "reporter", no user id, time to the hour for anonymous tips). Append-only: no route
 * updates or deletes it.
 */
const auditSchema = new Schema(
  {
    _id: randomId,
    tipId: { type: Schema.Types.ObjectId },
    actor: { type: String, enum: ['officer', 'reporter'], default: 'officer' },
    /** The officer; absent for reporters. */
    actorId: { type: Schema.Types.ObjectId },
    /** The officer's name as it was when acting ("nickname (username)"), not resolved later. */
    actorName: { type: String },
    action: { type: String, required: true },
    detail: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { versionKey: false },
)
auditSchema.index({ tipId: 1, at: -1 })
auditSchema.index({ at: -1 })

export type TipDoc = mongoose.InferSchemaType<typeof tipSchema> & { _id: Types.ObjectId }
export const Tip = mongoose.model('Tip', tipSchema)
export const TipAttachmentChunk = mongoose.model('TipAttachmentChunk', chunkSchema, 'tip_attachment_chunks')
export const TipPendingUpload = mongoose.model('TipPendingUpload', pendingSchema, 'tip_pending_uploads')
export const TipAudit = mongoose.model('TipAudit', auditSchema, 'tip_audit')
