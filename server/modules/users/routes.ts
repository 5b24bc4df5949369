import { z } from 'zod'
import type { AppDeps } from '../../deps'
import { route } from '../../http/route'
import { abilitiesOf } from '../../policy'
import { FailureThrottle } from '../../http/throttle'
import { objectId } from '../../../contract/common'
import { User } from './model'
import {
  accountResultOut,
  adminAuditOut,
  adminUserInput,
  adminUserPatch,
  adminUserQuery,
  bindingInput,
  roleGrantsOut,
  subscriptionsOut,
  userEnvelope,
  userListOut,
  meOut,
} from '../../../contract/users'
import { listAdminAudit } from './audit'
import { BINDING_RULES, bindToRoster, confirmRoleGrant, createAdminUser, listRoleGrants, listUsers, toUserView, unbind, updateAdminUser } from './service'

export function userRoutes(deps: AppDeps) {
  const bindingThrottle = new FailureThrottle(deps.clock, BINDING_RULES)
  const actor = (user: { id: string } | null) => ({ id: user!.id, at: deps.clock.now() })
  return [
    route({
      method: 'get',
      path: '/api/me',
      summary: '当前登录用户及其可用的权限（abilities，见 server/policy.ts）',
      tags: ['users'],
      access: 'user',
      response: meOut,
      handler: async (_ctx, { user }) => ({ user: await toUserView(user!.id), abilities: abilitiesOf(user!) }),
    }),
    route({
      method: 'put',
      path: '/api/me/binding',
      summary: '用学号/工号 + 姓名绑定花名册（一人一号）',
      tags: ['users'],
      access: 'user',
      body: bindingInput,
      response: userEnvelope,
      handler: async (_ctx, { user, body }) => ({ user: await bindToRoster(user!.id, body.number, body.name, bindingThrottle) }),
    }),
    route({
      method: 'put',
      path: '/api/me/subscriptions',
      summary: '记录用户同意接收的订阅消息模板',
      tags: ['users'],
      access: 'user',
      body: z.object({ accepted: z.array(z.string().min(1).max(64)).max(10), rejected: z.array(z.string().min(1).max(64)).max(10).default([]) }).strict(),
      response: subscriptionsOut,
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
      access: 'users.manage',
      query: adminUserQuery,
      response: userListOut,
      handler: (_ctx, { query }) => listUsers(query),
    }),
    route({
      method: 'post',
      path: '/api/admin/users',
      summary: '新建管理员账号（超级管理员）；保卫处角色需另一人确认后生效',
      tags: ['users'],
      access: 'users.manage',
      body: adminUserInput,
      status: 201,
      response: accountResultOut,
      handler: (_ctx, { user, body }) => createAdminUser(body, actor(user)),
    }),
    route({
      method: 'put',
      path: '/api/admin/users/:id',
      summary: '修改账号角色、所属部门、密码或停用/启用（超级管理员）；改密码、停用、改角色会让该账号重新登录；保卫处角色需另一人确认',
      tags: ['users'],
      access: 'users.manage',
      params: z.object({ id: objectId }),
      body: adminUserPatch,
      response: accountResultOut,
      handler: (_ctx, { user, params, body }) => updateAdminUser(params.id, body, actor(user)),
    }),
    route({
      method: 'get',
      path: '/api/admin/role-grants',
      summary: '待确认的保卫处角色授权（系统管理员、保卫处）',
      tags: ['users'],
      access: 'roleGrant.confirm',
      response: roleGrantsOut,
      handler: async () => ({ grants: await listRoleGrants() }),
    }),
    route({
      method: 'post',
      path: '/api/admin/role-grants/:id/confirm',
      summary: '确认保卫处角色授权（须为发起人和被授权人以外的保卫处人员或系统管理员）',
      tags: ['users'],
      access: 'roleGrant.confirm',
      params: z.object({ id: objectId }),
      response: userEnvelope,
      handler: async (_ctx, { user, params }) => ({ user: await confirmRoleGrant(params.id, actor(user)) }),
    }),
    route({
      method: 'get',
      path: '/api/admin/audit',
      summary: '账号与角色变更日志（只增不改；系统管理员、保卫处）',
      tags: ['users'],
      access: 'accountAudit.read',
      query: z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) }),
      response: adminAuditOut,
      handler: (_ctx, { query }) => listAdminAudit(query.page),
    }),
    route({
      method: 'delete',
      path: '/api/admin/users/:id/binding',
      summary: '解除某读者与花名册的绑定',
      tags: ['users'],
      access: 'users.unbind',
      params: z.object({ id: objectId }),
      response: userEnvelope,
      handler: async (_ctx, { params }) => ({ user: await unbind(params.id) }),
    }),
  ]
}
