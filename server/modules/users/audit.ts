import mongoose, { Schema, type Types } from 'mongoose'
import { User } from './model'

/**
 * Append-only log of account changes made by admins: who (id and name as they were then),
 * what (roles before/after, disable, password reset, rename, security-officer grants) and
 * when. No route changes or deletes an entry, and the model refuses updates and deletes, so
 * a superadmin who grants itself a role and drops it again leaves both steps here.
 */
const adminAuditSchema = new Schema(
  {
    at: { type: Date, required: true },
    actorId: { type: Schema.Types.ObjectId, required: true },
    /** "nickname (username)" of the actor at the time, not resolved later. */
    actorName: { type: String, required: true },
    action: { type: String, required: true, enum: ['account-create', 'account-update', 'grant-requested', 'grant-confirmed'] },
    targetId: { type: Schema.Types.ObjectId, required: true },
    targetName: { type: String, required: true },
    /** What changed, e.g. { roles: { from, to }, disabled: { from, to }, password: 'reset' }. */
    changes: { type: Schema.Types.Mixed, default: {} },
  },
  { versionKey: false },
)
adminAuditSchema.index({ at: -1 })

const refuse = function () {
  throw new Error('admin_audit is append-only')
}
for (const op of ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'findOneAndReplace', 'deleteOne', 'deleteMany', 'findOneAndDelete'] as const) {
  adminAuditSchema.pre(op, refuse)
}

export const AdminAudit = mongoose.model('AdminAudit', adminAuditSchema, 'admin_audit')

/**
 * A request to give an account the security_officer role (it can read every tip). It takes
 * effect only when a second person — another security officer or superadmin, neither the
 * one who asked nor the account itself — confirms it.
 */
const roleGrantSchema = new Schema(
  {
    targetId: { type: Schema.Types.ObjectId, required: true },
    role: { type: String, required: true, enum: ['security_officer'] },
    requestedBy: { type: Schema.Types.ObjectId, required: true },
    requestedAt: { type: Date, required: true },
    status: { type: String, enum: ['pending', 'confirmed'], default: 'pending' },
    confirmedBy: { type: Schema.Types.ObjectId },
    confirmedAt: { type: Date },
  },
  { versionKey: false },
)
roleGrantSchema.index({ targetId: 1, role: 1, status: 1 })
export const RoleGrant = mongoose.model('RoleGrant', roleGrantSchema, 'role_grants')

/** "nickname (username)" as the account is named now — stored with log entries as it was. */
export async function displayName(userId: string | Types.ObjectId): Promise<string> {
  const u = await User.findById(userId, { nickname: 1, username: 1 }).lean()
  if (!u) return '（已删除的账号）'
  return u.username ? `${u.nickname} (${u.username})` : u.nickname
}

/** `actorName`/`targetName`: the names from before the change, when the change may rename them. */
export async function recordAdminAudit(entry: {
  actorId: string
  action: 'account-create' | 'account-update' | 'grant-requested' | 'grant-confirmed'
  targetId: string | Types.ObjectId
  changes: Record<string, unknown>
  at: Date
  actorName?: string
  targetName?: string
}): Promise<void> {
  await AdminAudit.create({
    ...entry,
    actorName: entry.actorName ?? (await displayName(entry.actorId)),
    targetName: entry.targetName ?? (await displayName(entry.targetId)),
  })
}

const PAGE = 50

export async function listAdminAudit(page: number) {
  const [total, rows] = await Promise.all([
    AdminAudit.countDocuments({}),
    AdminAudit.find({})
      .sort({ at: -1, _id: -1 })
      .skip((page - 1) * PAGE)
      .limit(PAGE)
      .lean(),
  ])
  return {
    entries: rows.map((r) => ({
      at: r.at.toISOString(),
      actorId: String(r.actorId),
      actorName: r.actorName,
      action: r.action,
      targetId: String(r.targetId),
      targetName: r.targetName,
      changes: (r.changes ?? {}) as Record<string, unknown>,
    })),
    page,
    pageSize: PAGE,
    total,
  }
}
