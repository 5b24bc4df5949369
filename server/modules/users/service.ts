import type { Types } from 'mongoose'
import { badRequest, conflict, isDuplicateKeyError, notFound } from '../../errors'
import { hashPassword } from '../auth/service'
import type { Role } from '../auth/roles'
import { Department } from '../departments/model'
import { Person } from '../roster/model'
import { onBindingChanged } from '../summary/service'
import { User } from './model'
import { DEPT_REQUIRED, type AdminUserInput, type AdminUserPatch, type AdminUserQuery, type UserView } from './schema'

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
    departmentId: user.departmentId ? String(user.departmentId) : person?.departmentId ?? null,
    disabled: !!user.disabled,
    person,
  }
}

/**
 * Binds a reader to a roster entry by number + name. Unknown number and wrong name give
 * the same answer, so the roster cannot be probed for names.
 */
export async function bindToRoster(userId: string, number: string, name: string): Promise<UserView> {
  const person = await Person.findOne({ number, active: true }).lean()
  if (!person || person.name !== name) throw badRequest('学号/工号与姓名不匹配，请核对后重试', undefined, 'ROSTER_MISMATCH')
  const holder = await User.findOne({ personId: person._id }, { _id: 1 }).lean()
  if (holder && String(holder._id) !== userId) throw conflict('该学号/工号已被其他微信账号绑定，如有疑问请联系管理员', 'ALREADY_BOUND')
  try {
    await User.updateOne({ _id: userId }, { $set: { personId: person._id } })
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('该学号/工号已被其他微信账号绑定，如有疑问请联系管理员', 'ALREADY_BOUND')
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
export async function listUsers(query: AdminUserQuery): Promise<UserView[]> {
  const filter: Record<string, unknown> = query.role ? { roles: query.role } : { username: { $exists: true } }
  if (query.q) {
    const pattern = { $regex: escapeRegex(query.q), $options: 'i' }
    filter.$or = [{ username: pattern }, { nickname: pattern }]
  }
  const rows = await User.find(filter, { _id: 1 }).sort({ createdAt: 1 }).limit(500).lean()
  return Promise.all(rows.map((u) => toUserView(u._id)))
}

/** A dept_admin answers for one existing, active department; any department named must be one. */
async function assertDepartment(roles: readonly string[], departmentId: string | null | undefined): Promise<void> {
  if (roles.includes('dept_admin') && !departmentId) throw badRequest(DEPT_REQUIRED, [{ path: 'body.departmentId', message: DEPT_REQUIRED }], 'DEPARTMENT_REQUIRED')
  if (!departmentId) return
  const dept = await Department.findOne({ _id: departmentId, active: true }, { _id: 1 }).lean()
  if (!dept) throw notFound('所选部门不存在或已停用', 'DEPARTMENT_NOT_FOUND')
}

export async function createAdminUser(input: AdminUserInput): Promise<UserView> {
  await assertDepartment(input.roles, input.departmentId)
  const { password, ...account } = input
  try {
    const created = await User.create({ ...account, passwordHash: await hashPassword(password) })
    return toUserView(created._id)
  } catch (err) {
    if (isDuplicateKeyError(err)) throw conflict('用户名已存在', 'USERNAME_TAKEN')
    throw err
  }
}

const activeSuperadmins = () => User.countDocuments({ roles: 'superadmin', disabled: { $ne: true } })
const LAST_SUPERADMIN = '至少要保留一个启用的系统管理员：不能停用最后一个系统管理员，也不能移除其系统管理员角色'

export async function updateAdminUser(id: string, patch: AdminUserPatch): Promise<UserView> {
  const target = await User.findById(id, { roles: 1, departmentId: 1, disabled: 1, nickname: 1, passwordHash: 1 }).lean()
  if (!target) throw notFound('用户不存在', 'USER_NOT_FOUND')
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
  const result = await User.updateOne({ _id: id }, { $set: set, ...(unset ? { $unset: unset } : {}) }, { runValidators: true })
  if (result.matchedCount === 0) throw notFound('用户不存在', 'USER_NOT_FOUND')

  // Two superadmins demoting each other at the same moment both pass the check above: put
  // this change back, all of it (a 409 leaves the account as it was), if it left nobody
  // able to manage accounts.
  if (demotes && (await activeSuperadmins()) === 0) {
    await User.updateOne({ _id: id }, undoPatch(target, patch))
    throw conflict(LAST_SUPERADMIN, 'LAST_SUPERADMIN')
  }
  return toUserView(id)
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
