import mongoose, { Schema, type InferSchemaType, type Types } from 'mongoose'
import { ROLES } from '../auth/roles'

const userSchema = new Schema(
  {
    nickname: { type: String, required: true, maxlength: 64 },
    roles: { type: [String], enum: ROLES, default: ['reader'] },
    /** WeChat identity (mini-program sign-in). */
    openid: { type: String },
    /** One person across our WeChat apps (mini-program and official account); accounts are merged by it. */
    unionid: { type: String },
    /** The official account's openid (公众号 网页授权 sign-in of the H5 build in WeChat's browser). */
    mpOpenid: { type: String },
    /** Set on an account merged into another one (same unionid); it is disabled. */
    mergedInto: { type: Schema.Types.ObjectId },
    /** Admin accounts sign in with username + password (bcrypt hash). */
    username: { type: String },
    passwordHash: { type: String },
    /** Development sign-in in the H5 build (never in production). */
    deviceId: { type: String },
    /** Roster entry this account is bound to (one-to-one). */
    personId: { type: Schema.Types.ObjectId, ref: 'Person' },
    /** For dept_admin: the department they answer for. Readers get it from their roster entry. */
    departmentId: { type: Schema.Types.ObjectId, ref: 'Department' },
    /** Subscription-message templates the reader accepted (WeChat one-time subscriptions). */
    subscriptions: { type: [String], default: [] },
    disabled: { type: Boolean, default: false },
    /** Kept to the hour: a finer time could be matched against the time of an anonymous tip. */
    lastLoginAt: { type: Date },
    /** Bumped by a password reset, disable or role change: tokens carrying an older one are refused. */
    sessionVersion: { type: Number, default: 0 },
  },
  { timestamps: true },
)

// Sparse unique indexes: each identity appears at most once, absent values are fine.
userSchema.index({ openid: 1 }, { unique: true, sparse: true })
userSchema.index({ username: 1 }, { unique: true, sparse: true })
userSchema.index({ mpOpenid: 1 }, { unique: true, sparse: true })
userSchema.index({ unionid: 1 }, { unique: true, sparse: true })
userSchema.index({ deviceId: 1 }, { unique: true, sparse: true })
userSchema.index({ personId: 1 }, { unique: true, sparse: true })

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId }
export const User = mongoose.model('User', userSchema)
