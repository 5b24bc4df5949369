import mongoose, { Schema, type Types } from 'mongoose'
import { ACCOUNT_AUDIT_ACTION_NAMES, ROLE_NAMES } from '../../../contract/labels'
import type { Role } from '../../../contract/roles'
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
      actionName: ACCOUNT_AUDIT_ACTION_NAMES[r.action as keyof typeof ACCOUNT_AUDIT_ACTION_NAMES] ?? '其他操作',
      summary: describeAccountChange(r.action, (r.changes ?? {}) as Record<string, unknown>),
      targetId: String(r.targetId),
      targetName: r.targetName,
      changes: (r.changes ?? {}) as Record<string, unknown>,
    })),
    page,
    pageSize: PAGE,
    total,
  }
}

const roleList = (roles: unknown) => (Array.isArray(roles) && roles.length ? roles.map((r) => ROLE_NAMES[r as Role] ?? '未知角色').join('、') : '无')

/** An account change in plain Chinese: roles by name, no ids. */
export function describeAccountChange(action: string, changes: Record<string, unknown>): string {
  const c = changes as {
    roles?: { from?: unknown; to?: unknown }
    disabled?: { to?: boolean }
    password?: string
    nickname?: { from?: string; to?: string }
    departmentId?: { fromName?: string | null; toName?: string | null; from?: string | null; to?: string | null }
    requestedBy?: string
  }
  if (action === 'grant-requested') return '申请授予“保卫处”角色，等待另一人确认'
  if (action === 'grant-confirmed') return `确认授予“保卫处”角色${c.requestedBy ? `（由 ${c.requestedBy} 申请）` : ''}`
  if (action === 'account-create') return `新建账号，角色：${roleList(c.roles?.to)}`
  const parts: string[] = []
  if (c.roles) parts.push(`角色由“${roleList(c.roles.from)}”改为“${roleList(c.roles.to)}”`)
  if (c.disabled) parts.push(c.disabled.to ? '停用账号' : '启用账号')
  if (c.password) parts.push('重置密码')
  if (c.nickname) parts.push(`姓名由“${c.nickname.from ?? ''}”改为“${c.nickname.to ?? ''}”`)
  if (c.departmentId) {
    const name = (n: string | null | undefined, id: string | null | undefined) => n ?? (id ? '（已删除的部门）' : '无')
    parts.push(`部门由“${name(c.departmentId.fromName, c.departmentId.from)}”改为“${name(c.departmentId.toName, c.departmentId.to)}”`)
  }
  return parts.length ? parts.join('；') : '修改账号'
}
