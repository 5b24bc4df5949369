import type { Types } from 'mongoose'
import { badRequest, conflict, isDuplicateKeyError, notFound } from '../../errors'
import { Department } from '../departments/model'
import { Person } from '../roster/model'
import { onBindingChanged } from '../summary/service'
import { User } from './model'
import type { UserView } from './schema'

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
