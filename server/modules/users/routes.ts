import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { route } from '../../http/route'
import { objectId } from '../campaigns/schema'
import { User } from './model'
import { adminUserInput, adminUserPatch, adminUserQuery, bindingInput, userOut } from './schema'
import { bindToRoster, createAdminUser, listUsers, toUserView, unbind, updateAdminUser } from './service'

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
      summary: '账号与角色列表，可按角色筛选、按用户名或姓名搜索（超级管理员）',
      tags: ['users'],
      access: ['superadmin'],
      query: adminUserQuery,
      response: z.object({ users: z.array(userOut) }),
      handler: async (_ctx, { query }) => ({ users: await listUsers(query) }),
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
      handler: async (_ctx, { body }) => ({ user: await createAdminUser(body) }),
    }),
    route({
      method: 'put',
      path: '/api/admin/users/:id',
      summary: '修改账号角色、所属部门、密码或停用/启用（超级管理员）',
      tags: ['users'],
      access: ['superadmin'],
      params: z.object({ id: objectId }),
      body: adminUserPatch,
      response: userEnvelope,
      handler: async (_ctx, { params, body }) => ({ user: await updateAdminUser(params.id, body) }),
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
