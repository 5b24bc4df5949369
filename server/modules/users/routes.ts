import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { conflict, isDuplicateKeyError, notFound } from '../../errors'
import { route } from '../../http/route'
import { hashPassword } from '../auth/service'
import { ROLES } from '../auth/roles'
import { objectId } from '../campaigns/schema'
import { User } from './model'
import { adminUserInput, adminUserPatch, bindingInput, userOut } from './schema'
import { bindToRoster, toUserView, unbind } from './service'

const userEnvelope = z.object({ user: userOut })

export function userRoutes(deps: AppDeps) {
  return [
    route({
      method: 'get',
      path: '/api/me',
      summary: '当前登录用户',
      tags: ['users'],
      access: 'user',
      response: userEnvelope,
      handler: async (_ctx, { user }) => ({ user: await toUserView(user!.id) }),
    }),
    route({
      method: 'put',
      path: '/api/me/binding',
      summary: '用学号/工号 + 姓名绑定花名册（一人一号）',
      tags: ['users'],
      access: 'user',
      body: bindingInput,
      response: userEnvelope,
      handler: async (_ctx, { user, body }) => ({ user: await bindToRoster(user!.id, body.number, body.name) }),
    }),
    route({
      method: 'put',
      path: '/api/me/subscriptions',
      summary: '记录用户同意接收的订阅消息模板',
      tags: ['users'],
      access: 'user',
      body: z.object({ accepted: z.array(z.string().min(1).max(64)).max(10), rejected: z.array(z.string().min(1).max(64)).max(10).default([]) }).strict(),
      response: z.object({ subscriptions: z.array(z.string()) }),
      handler: async (_ctx, { user, body }) => {
        await User.updateOne({ _id: user!.id }, { $addToSet: { subscriptions: { $each: body.accepted } } })
        if (body.rejected.length) await User.updateOne({ _id: user!.id }, { $pullAll: { subscriptions: body.rejected } })
        const fresh = await User.findById(user!.id, { subscriptions: 1 }).lean()
        return { subscriptions: fresh?.subscriptions ?? [] }
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/users',
      summary: '账号与角色列表（超级管理员）',
      tags: ['users'],
      access: ['superadmin'],
      query: z.object({ role: z.enum(ROLES).optional() }),
      response: z.object({ users: z.array(userOut) }),
      handler: async (_ctx, { query }) => {
        const rows = await User.find(query.role ? { roles: query.role } : { username: { $exists: true } }, { _id: 1 }).sort({ createdAt: 1 }).limit(500).lean()
        return { users: await Promise.all(rows.map((u) => toUserView(u._id))) }
      },
    }),
    route({
      method: 'post',
      path: '/api/admin/users',
      summary: '新建管理员账号（超级管理员）',
      tags: ['users'],
      access: ['superadmin'],
      body: adminUserInput,
      status: 201,
      response: userEnvelope,
      handler: async (_ctx, { body }) => {
        try {
          const { password, ...account } = body
          const created = await User.create({ ...account, passwordHash: await hashPassword(password) })
          return { user: await toUserView(created._id) }
        } catch (err) {
          if (isDuplicateKeyError(err)) throw conflict('用户名已存在', 'USERNAME_TAKEN')
          throw err
        }
      },
    }),
    route({
      method: 'patch',
      path: '/api/admin/users/:id',
      summary: '修改账号角色、所属部门或停用（超级管理员）',
      tags: ['users'],
      access: ['superadmin'],
      params: z.object({ id: objectId }),
      body: adminUserPatch,
      response: userEnvelope,
      handler: async (_ctx, { params, body }) => {
        const { password, ...rest } = body
        const update: Record<string, unknown> = { ...rest }
        if (password) update.passwordHash = await hashPassword(password)
        const result = await User.updateOne({ _id: params.id }, { $set: update }, { runValidators: true })
        if (result.matchedCount === 0) throw notFound('用户不存在', 'USER_NOT_FOUND')
        return { user: await toUserView(params.id) }
      },
    }),
    route({
      method: 'delete',
      path: '/api/admin/users/:id/binding',
      summary: '解除某读者与花名册的绑定',
      tags: ['users'],
      access: ['publicity_admin', 'superadmin'],
      params: z.object({ id: objectId }),
      response: userEnvelope,
      handler: async (_ctx, { params }) => ({ user: await unbind(params.id) }),
    }),
  ]
}
