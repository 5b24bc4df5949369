import mongoose, { type Types } from 'mongoose'
import { badRequest, conflict, fieldInvalid, forbidden, isDuplicateKeyError, notFound } from '../../errors'
import type { FailureThrottle, ThrottleRule } from '../../http/throttle'
import { hashPassword } from '../auth/service'
import type { Role } from '../auth/roles'
import { Department } from '../departments/model'
import { Person } from '../roster/model'
import { onBindingChanged } from '../summary/service'
import { displayName, recordAdminAudit, RoleGrant } from './audit'
import { User } from './model'
import { DEPT_REQUIRED, type AdminUserInput, type AdminUserPatch, type AdminUserQuery, type UserView } from '../../../contract/users'

export async function toUserView(userId: string | Types.ObjectId): Promise<UserView> {
  const user = await User.findById(userId).lean()
  if (!user) throw notFound('用户不存在', 'USER_NOT_FOUND')
  let person: UserView['person'] = null
  if (user.personId) {
    const p = await Person.findById(user.personId).lean()
    if (p) {
      const dept = await Department.findById(p.departmentId, { name: 1 }).lean()
      person = {
        id: String(p._id),
        number: p.number,
        name: p.name,
        type: p.type,
        departmentId: String(p.departmentId),
        departmentName: dept?.name ?? '',
        className: p.className ?? null,
      }
    }
  }
  return {
    id: String(user._id),
    nickname: user.nickname,
    roles: user.roles as UserView['roles'],
    username: user.username ?? null,
    departmentId: user.departmentId ? String(user.departmentId) : (person?.departmentId ?? null),
    disabled: !!user.disabled,
    person,
  }
}

const HOUR = 3600_000
/** Where a student turns when binding fails for good: an admin can release a binding (DELETE /api/admin/users/:id/binding). */
export const ASK_ADMIN_TO_RELEASE = '请携带学生证或工作证联系辅导员或宣传部管理员，核实身份后由管理员在后台“解除绑定”，再重新绑定'
const ALREADY_BOUND = `该学号/工号已被其他微信账号绑定。如果不是你本人绑定的，${ASK_ADMIN_TO_RELEASE}。`

/** Wrong number/name pairs per reader and per student number; a lock starts at 15 minutes and doubles up to a day. */
export const BINDING_RULES = {
  reader: {
    lockAfter: 5,
    baseLockMs: HOUR / 4,
    maxLockMs: 24 * HOUR,
    forgetAfterMs: 24 * HOUR,
    code: 'BINDING_THROTTLED',
    message: `绑定失败次数过多，请稍后再试。如果确认学号/工号和姓名无误仍无法绑定，${ASK_ADMIN_TO_RELEASE}。`,
  },
  number: {
    lockAfter: 5,
    baseLockMs: HOUR / 4,
    maxLockMs: 24 * HOUR,
    forgetAfterMs: 24 * HOUR,
    code: 'BINDING_THROTTLED',
    message: `该学号/工号的绑定尝试次数过多，已暂时锁定。如果这是你的学号/工号，${ASK_ADMIN_TO_RELEASE}。`,
  },
} satisfies Record<string, ThrottleRule>

/**
 * Binds a reader to a roster entry by number + name. Unknown number and wrong name give
 * the same answer, so the roster cannot be probed for names; with a throttle, wrong pairs
 * are counted per reader and per number and lock both with growing waits (429).
 */
export async function bindToRoster(userId: string, number: string, name: string, throttle?: FailureThrottle): Promise<UserView> {
  const keys: [string, string][] = [
    ['reader', userId],
    ['number', number.trim().toUpperCase()],
  ]
  throttle?.check(keys)
  const person = await Person.findOne({ number, active: true }).lean()
  if (!person || person.name !== name) {
    throttle?.fail(keys)
    throw badRequest('学号/工号与姓名不匹配，请核对后重试', 'ROSTER_MISMATCH')
  }
  throttle?.clear(keys)
  const holder = await User.findOne({ personId: person._id }, { _id: 1 }).lean()
  if (holder && String(holder._id) !== userId) throw conflict(ALREADY_BOUND, 'ALREADY_BOUND')
  try {
    await User.updateOne({ _id: userId }, { $set: { personId: person._id } })
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict(ALREADY_BOUND, 'ALREADY_BOUND')
    throw err
  }
  await onBindingChanged(userId, { personId: person._id, departmentId: person.departmentId, className: person.className ?? null })
  return toUserView(userId)
}

export async function unbind(userId: string): Promise<UserView> {
  const result = await User.updateOne({ _id: userId }, { $unset: { personId: 1 } })
  if (result.matchedCount === 0) throw notFound('用户不存在', 'USER_NOT_FOUND')
  await onBindingChanged(userId, null)
  return toUserView(userId)
}

// ---- Accounts and roles (superadmin) ----

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Admin accounts (those with a username), or everyone holding a role; `q` matches username or name. */
export async function listUsers(query: AdminUserQuery): Promise<{ users: UserView[]; page: number; pageSize: number; total: number }> {
  const filter: Record<string, unknown> = query.role ? { roles: query.role } : { username: { $exists: true } }
  if (query.q) {
    const pattern = { $regex: escapeRegex(query.q), $options: 'i' }
    filter.$or = [{ username: pattern }, { nickname: pattern }]
  }
  if (query.includeDisabled === 'false') filter.disabled = { $ne: true }
  const [total, rows] = await Promise.all([
    User.countDocuments(filter),
    User.find(filter, { _id: 1 })
      .sort({ createdAt: 1, _id: 1 })
      .skip((query.page - 1) * query.pageSize)
      .limit(query.pageSize)
      .lean(),
  ])
  return { users: await Promise.all(rows.map((u) => toUserView(u._id))), page: query.page, pageSize: query.pageSize, total }
}

/** A dept_admin answers for one existing, active department; any department named must be one. */
async function assertDepartment(roles: readonly string[], departmentId: string | null | undefined): Promise<void> {
  if (roles.includes('dept_admin') && !departmentId) throw fieldInvalid('departmentId', DEPT_REQUIRED)
  if (!departmentId) return
  const dept = await Department.findOne({ _id: departmentId, active: true }, { _id: 1 }).lean()
  if (!dept) throw notFound('所选部门不存在或已停用', 'DEPARTMENT_NOT_FOUND')
}

/** The admin making a change, and when (from the app's clock). */
export interface Actor {
  id: string
  at: Date
}

/** What an account change answers: the account, and a security-officer grant waiting for a second person. */
export interface AccountResult {
  user: UserView
  pendingGrant: { id: string; role: 'security_officer'; message: string } | null
}

const GRANT_WAITS = '保卫处角色可查看全部举报内容，需由另一位保卫处人员或系统管理员确认后才生效'

/**
 * Granting security_officer needs a second person: another active security officer or
 * superadmin, neither the one asking nor the account itself. Only when nobody could ever
 * confirm (no such account exists yet: the first officer of a new installation) does a grant
 * to another account apply at once — still logged. Granting it to oneself always waits.
 */
async function grantNeedsConfirmation(actorId: string, targetId: string): Promise<boolean> {
  if (actorId === targetId) return true
  const others = await User.countDocuments({
    _id: { $nin: [actorId, targetId] },
    roles: { $in: ['security_officer', 'superadmin'] },
    disabled: { $ne: true },
  })
  return others > 0
}

async function requestGrant(actor: Actor, targetId: string): Promise<AccountResult['pendingGrant']> {
  const existing = await RoleGrant.findOne({ targetId, role: 'security_officer', status: 'pending' }).lean()
  const grant = existing ?? (await RoleGrant.create({ targetId, role: 'security_officer', requestedBy: actor.id, requestedAt: actor.at }))
  await recordAdminAudit({ actorId: actor.id, action: 'grant-requested', targetId, changes: { role: 'security_officer', grantId: String(grant._id) }, at: actor.at })
  return { id: String(grant._id), role: 'security_officer', message: GRANT_WAITS }
}

export async function createAdminUser(input: AdminUserInput, actor: Actor): Promise<AccountResult> {
  await assertDepartment(input.roles, input.departmentId)
  const { password, ...account } = input
  const _id = new mongoose.Types.ObjectId()
  const waits = input.roles.includes('security_officer') && (await grantNeedsConfirmation(actor.id, String(_id)))
  const roles = waits ? input.roles.filter((r) => r !== 'security_officer') : input.roles
  try {
    await User.create({ ...account, _id, roles, passwordHash: await hashPassword(password) })
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('用户名已存在', 'USERNAME_TAKEN')
    throw err
  }
  await recordAdminAudit({ actorId: actor.id, action: 'account-create', targetId: _id, changes: { roles: { from: [], to: roles } }, at: actor.at })
  const pendingGrant = waits ? await requestGrant(actor, String(_id)) : null
  return { user: await toUserView(_id), pendingGrant }
}

/** Pending security-officer grants (shown to superadmins and security officers, who may confirm them). */
export async function listRoleGrants() {
  const rows = await RoleGrant.find({ status: 'pending' }).sort({ requestedAt: 1 }).limit(200).lean()
  return Promise.all(
    rows.map(async (g) => ({
      id: String(g._id),
      role: g.role,
      targetId: String(g.targetId),
      targetName: await displayName(g.targetId),
      requestedBy: String(g.requestedBy),
      requestedByName: await displayName(g.requestedBy),
      requestedAt: g.requestedAt.toISOString(),
    })),
  )
}

/** The second person confirms a grant: the role is added, the account's sessions end, both are logged. */
export async function confirmRoleGrant(grantId: string, actor: Actor): Promise<UserView> {
  const grant = await RoleGrant.findById(grantId).lean()
  if (!grant || grant.status !== 'pending') throw notFound('待确认的授权不存在或已处理', 'GRANT_NOT_FOUND')
  if (String(grant.requestedBy) === actor.id) throw forbidden('不能确认自己发起的授权，请由另一位保卫处人员或系统管理员确认', 'SECOND_PERSON_REQUIRED')
  if (String(grant.targetId) === actor.id) throw forbidden('不能确认授予自己的角色，请由另一位保卫处人员或系统管理员确认', 'SECOND_PERSON_REQUIRED')
  const target = await User.findById(grant.targetId, { disabled: 1 }).lean()
  if (!target || target.disabled) throw conflict('该账号已停用或不存在，授权无法生效', 'GRANT_TARGET_INACTIVE')
  const claimed = await RoleGrant.updateOne({ _id: grant._id, status: 'pending' }, { $set: { status: 'confirmed', confirmedBy: actor.id, confirmedAt: actor.at } })
  if (claimed.modifiedCount === 0) throw conflict('该授权已被他人处理', 'GRANT_CHANGED')
  await User.updateOne({ _id: grant.targetId }, { $addToSet: { roles: grant.role }, $inc: { sessionVersion: 1 } })
  await recordAdminAudit({
    actorId: actor.id,
    action: 'grant-confirmed',
    targetId: grant.targetId,
    changes: { role: grant.role, grantId, requestedBy: await displayName(grant.requestedBy) },
    at: actor.at,
  })
  return toUserView(grant.targetId)
}

const activeSuperadmins = () => User.countDocuments({ roles: 'superadmin', disabled: { $ne: true } })
const LAST_SUPERADMIN = '至少要保留一个启用的系统管理员：不能停用最后一个系统管理员，也不能移除其系统管理员角色'

const sameRoles = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((r) => b.includes(r))

/**
 * Changes an account. A password reset, a disable and a change of roles end the account's
 * sessions (session version). Every change is logged in the admin audit log; a new
 * security_officer role waits for a second person (grantNeedsConfirmation).
 */
export async function updateAdminUser(id: string, requested: AdminUserPatch, actor: Actor): Promise<AccountResult> {
  const target = await User.findById(id, { roles: 1, departmentId: 1, disabled: 1, nickname: 1, passwordHash: 1 }).lean()
  if (!target) throw notFound('用户不存在', 'USER_NOT_FOUND')
  // Named in the log as they were before this change (which may rename them).
  const names = { actorName: await displayName(actor.id), targetName: await displayName(id) }
  const grantsOfficer = !!requested.roles?.includes('security_officer') && !target.roles.includes('security_officer')
  const waits = grantsOfficer && (await grantNeedsConfirmation(actor.id, id))
  const patch: AdminUserPatch = waits ? { ...requested, roles: requested.roles!.filter((r) => r !== 'security_officer') } : requested
  if (patch.roles && patch.roles.length === 0) patch.roles = target.roles as Role[]
  const roles = (patch.roles ?? target.roles) as Role[]
  const departmentId = patch.departmentId !== undefined ? patch.departmentId : target.departmentId ? String(target.departmentId) : null
  if (patch.roles !== undefined || patch.departmentId !== undefined) await assertDepartment(roles, departmentId)

  const wasActiveSuperadmin = target.roles.includes('superadmin') && !target.disabled
  const staysActiveSuperadmin = roles.includes('superadmin') && !(patch.disabled ?? target.disabled)
  const demotes = wasActiveSuperadmin && !staysActiveSuperadmin
  if (demotes && (await activeSuperadmins()) <= 1) throw conflict(LAST_SUPERADMIN, 'LAST_SUPERADMIN')

  const { password, ...rest } = patch
  const set: Record<string, unknown> = { ...rest }
  if (password) set.passwordHash = await hashPassword(password)
  const unset = set.departmentId === null ? { departmentId: 1 } : undefined
  if (unset) delete set.departmentId

  const changes: Record<string, unknown> = {}
  if (patch.roles && !sameRoles(patch.roles, target.roles)) changes.roles = { from: target.roles, to: patch.roles }
  if (patch.disabled !== undefined && patch.disabled !== !!target.disabled) changes.disabled = { from: !!target.disabled, to: patch.disabled }
  if (password) changes.password = 'reset'
  if (patch.nickname !== undefined && patch.nickname !== target.nickname) changes.nickname = { from: target.nickname, to: patch.nickname }
  if (patch.departmentId !== undefined && patch.departmentId !== (target.departmentId ? String(target.departmentId) : null)) {
    const from = target.departmentId ? String(target.departmentId) : null
    // Names as they are now, so the log reads the same after a department is renamed.
    const deptName = async (deptId: string | null) => (deptId ? ((await Department.findById(deptId, { name: 1 }).lean())?.name ?? null) : null)
    changes.departmentId = { from, to: patch.departmentId, fromName: await deptName(from), toName: await deptName(patch.departmentId) }
  }
  const endsSessions = !!(changes.roles || changes.disabled || changes.password)
  const result = await User.updateOne(
    { _id: id },
    { $set: set, ...(unset ? { $unset: unset } : {}), ...(endsSessions ? { $inc: { sessionVersion: 1 } } : {}) },
    { runValidators: true },
  )
  if (result.matchedCount === 0) throw notFound('用户不存在', 'USER_NOT_FOUND')

  // Two superadmins demoting each other at the same moment both pass the check above: put
  // this change back, all of it (a 409 leaves the account as it was), if it left nobody
  // able to manage accounts.
  if (demotes && (await activeSuperadmins()) === 0) {
    await User.updateOne({ _id: id }, undoPatch(target, patch))
    throw conflict(LAST_SUPERADMIN, 'LAST_SUPERADMIN')
  }
  if (Object.keys(changes).length) await recordAdminAudit({ actorId: actor.id, action: 'account-update', targetId: id, changes, at: actor.at, ...names })
  const pendingGrant = waits ? await requestGrant(actor, id) : null
  return { user: await toUserView(id), pendingGrant }
}

/** The update that puts back what `patch` changed on an account that was `before`. */
function undoPatch(
  before: { roles: string[]; disabled?: boolean | null; nickname: string; passwordHash?: string | null; departmentId?: Types.ObjectId | null },
  patch: AdminUserPatch,
) {
  const set: Record<string, unknown> = { roles: before.roles, disabled: !!before.disabled }
  const unset: Record<string, 1> = {}
  if (patch.nickname !== undefined) set.nickname = before.nickname
  if (patch.password !== undefined) {
    if (before.passwordHash) set.passwordHash = before.passwordHash
    else unset.passwordHash = 1
  }
  if (patch.departmentId !== undefined) {
    if (before.departmentId) set.departmentId = before.departmentId
    else unset.departmentId = 1
  }
  return { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) }
}
